import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, writeCanonicalJson } from '../../src/lib/canonical-json.js';
import { contentHash } from '../../src/lib/hash.js';

const written = (value: unknown): string => {
  const pieces: string[] = [];
  writeCanonicalJson(value, (text) => pieces.push(text));
  return pieces.join('');
};

const sha256OfWhole = (value: unknown) =>
  createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');

/** A document-sized value: thousands of rows of text with accents, CJK and astral characters. */
function largeValue(rows: number) {
  return {
    paper: null,
    items: Array.from({ length: rows }, (_, i) => ({
      ref: `AFI.${i}`,
      text: `Row ${i}: é ü 漢字 😀 "quoted" \\ back\nslash ${'x'.repeat(i % 97)}`,
      updates: [{ effectiveOn: '2011-06-30', text: `${i} 😀`.repeat(i % 5) }],
      missing: undefined,
      due: i % 3 === 0 ? null : '2012-01-31',
    })),
  };
}

/** The definition, written plainly: keys sorted by `sort()`, undefined members dropped, no whitespace. */
function reference(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const members = Object.keys(value)
    .sort()
    .filter((key) => Reflect.get(value, key) !== undefined)
    .map((key) => `${JSON.stringify(key)}:${reference(Reflect.get(value, key))}`);
  return `{${members.join(',')}}`;
}

describe('canonical JSON', () => {
  it('given any JSON value, it is the plain definition (keys quoted once and remembered give the same text)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)),
      { numRuns: 3000 },
    );
  });

  it('given more distinct keys than it remembers, and the same keys first and later in objects, the text is the definition', () => {
    const many = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`k\u00e9"${i}`, i]));
    const rows = Array.from({ length: 50 }, (_, i) => ({
      b: i,
      a: { b: null, 'a"': [i] },
      [`k\u00e9"${i}`]: 'x',
    }));
    for (const value of [many, rows, many]) expect(canonicalJson(value)).toBe(reference(value));
  });
});

describe('canonical JSON written in pieces', () => {
  it('given any JSON value, the pieces joined are exactly canonicalJson', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => written(value) === canonicalJson(value)),
      { numRuns: 3000 },
    );
  });

  it('given any JSON value, contentHash is the SHA-256 of the whole canonical text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => contentHash(value) === sha256OfWhole(value)),
      { numRuns: 1000 },
    );
  });

  it('given a value whose canonical text spans many hashing chunks (multi-byte and astral characters at every offset), contentHash is the SHA-256 of the whole text', () => {
    for (const rows of [1, 700, 5000]) {
      const value = largeValue(rows);
      expect(written(value)).toBe(canonicalJson(value));
      expect(contentHash(value)).toBe(sha256OfWhole(value));
    }
    expect(canonicalJson(largeValue(5000)).length).toBeGreaterThan(4 * 65_536);
  });
});
