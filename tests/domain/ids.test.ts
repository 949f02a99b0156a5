import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Ulid } from '../../src/domain/fields.js';
import { deterministicEventId, itemIdFor, normaliseRef } from '../../src/domain/ids.js';
import { INSPECTION, OTHER_INSPECTION } from './fixtures.js';

describe('itemIdFor', () => {
  it('is a ULID, the same for the same (inspection, ref)', () => {
    const id = itemIdFor(INSPECTION, 'AFI.3');
    expect(Ulid.safeParse(id).success).toBe(true);
    expect(itemIdFor(INSPECTION, 'AFI.3')).toBe(id);
  });
  it('ignores case and spacing of the ref, not its punctuation', () => {
    expect(itemIdFor(INSPECTION, ' afi.3  ')).toBe(itemIdFor(INSPECTION, 'AFI.3'));
    expect(itemIdFor(INSPECTION, 'AFI 3')).not.toBe(itemIdFor(INSPECTION, 'AFI.3'));
    expect(normaliseRef('  r.1   (a) ')).toBe('R.1 (A)');
  });
  it('differs between inspections and from event ids of the same text', () => {
    expect(itemIdFor(OTHER_INSPECTION, 'AFI.3')).not.toBe(itemIdFor(INSPECTION, 'AFI.3'));
    expect(deterministicEventId(`${INSPECTION}\u0000AFI.3`)).not.toBe(itemIdFor(INSPECTION, 'AFI.3'));
  });
});

describe('deterministicEventId', () => {
  it('gives valid, stable, distinct ULIDs (first character 0-7)', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => deterministicEventId(`key:${i}`));
    for (const id of ids) expect(Ulid.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(deterministicEventId('key:7')).toBe(ids[7]);
    expect(new Set(ids.map((id) => id[0]))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7']));
  });
});

/** The encoding as first written (BigInt arithmetic), kept as the reference the faster one must equal. */
function referenceId(tag: string, seed: string): string {
  const digest = createHash('sha256').update(`${tag}\u0000${seed}`, 'utf8').digest();
  let value = 0n;
  for (const byte of digest.subarray(0, 16)) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

describe('derived ids never change (every stored import and idempotency key depends on them)', () => {
  it('given 5,000 seeds, then every event and item id equals the original BigInt encoding', () => {
    for (let i = 0; i < 5_000; i++) {
      const seed = `import\u0000${i.toString(36)}\u0000item-${i * 7919}\u0000${i % 13}`;
      expect(deterministicEventId(seed)).toBe(referenceId('event', seed));
    }
    expect(itemIdFor(INSPECTION, 'AFI.3')).toBe(referenceId('item', `${INSPECTION}\u0000AFI.3`));
  });
});
