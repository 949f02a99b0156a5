import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringCodes } from '../../src/lib/string-codes.js';

/** Strings built to share the hashed characters: same length, same last 8, differing elsewhere. */
const lookalike = fc
  .tuple(fc.integer({ min: 0, max: 60 }), fc.string({ minLength: 0, maxLength: 3 }))
  .map(([n, middle]) => `${'a'.repeat(n % 7)}${middle}${'x'.repeat(n)}-TAILTAIL`);

const keys = fc.array(
  fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }), lookalike),
  {
    maxLength: 400,
  },
);

describe('StringCodes (codes of strings read afresh per row)', () => {
  it('given any strings set in any order, when each is looked up afresh, then the codes are those a Map gives, and unknown ones have none', () => {
    fc.assert(
      fc.property(keys, keys, (set, asked) => {
        // A small start, so the table grows several times.
        const codes = new StringCodes(1);
        const map = new Map<string, number>();
        for (const key of set) {
          if (map.has(key)) continue;
          expect(codes.get(key)).toBe(-1);
          codes.set(key, map.size);
          map.set(key, map.size);
        }
        expect(codes.size).toBe(map.size);
        for (const key of [...set, ...asked]) {
          // A fresh copy (not the string set): found by its characters, not its identity.
          const fresh = [...key].join('');
          expect(codes.get(fresh)).toBe(map.get(key) ?? -1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('given keys alike but for one character, when looked up, then each finds its own code', () => {
    const codes = new StringCodes(4);
    const ids = Array.from(
      { length: 2_000 },
      (_, i) => `item-${String(i).padStart(5, '0')}ABCDEFGHJKMNPQRSTVWX`,
    );
    for (const [i, id] of ids.entries()) codes.set(id, i);
    for (const [i, id] of ids.entries()) expect(codes.get(id.slice(0, -1) + id.slice(-1))).toBe(i);
    expect(codes.get('item-99999ABCDEFGHJKMNPQRSTVWX')).toBe(-1);
    expect(() => codes.set(ids[0] as string, 7)).toThrow(/once/);
    expect(() => codes.set('new', -1)).toThrow(/negative/);
  });
});
