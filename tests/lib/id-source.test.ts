import { randomFillSync } from 'node:crypto';
import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { Ulid } from '../../src/domain/fields.js';
import { idSource, newUlid, pooledPrng, RandomPool } from '../../src/lib/id-source.js';

describe('the buffered id source', () => {
  it('given many ids made at once, then each is a ULID, none repeats, and they sort in the order made', () => {
    const ids = Array.from({ length: 20_000 }, () => newUlid());
    for (const id of ids.slice(0, 500)) expect(Ulid.safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('given the clock, then the id carries the time it was made', () => {
    const before = Date.now();
    const id = newUlid();
    const after = Date.now();
    expect(decodeTime(id)).toBeGreaterThanOrEqual(before);
    expect(decodeTime(id)).toBeLessThanOrEqual(after);
  });

  it('given a pool, then it asks the CSPRNG once per block, not once per character', () => {
    let fills = 0;
    const pool = new RandomPool(64, (buffer) => {
      fills++;
      randomFillSync(buffer);
    });
    const next = idSource(pool);
    // Ids made in different milliseconds each draw 16 fresh bytes; within one, ulid increments.
    let made = 0;
    let last = 0;
    while (made < 40) {
      const now = Date.now();
      if (now === last) continue;
      last = now;
      next();
      made++;
    }
    // 40 ids × 16 bytes = 640 bytes = 10 blocks of 64 (the factory may draw the first one early).
    expect(fills).toBeGreaterThanOrEqual(10);
    expect(fills).toBeLessThanOrEqual(11);
  });

  it('given bytes from the pool, then every byte is used once and in order', () => {
    const blocks = [new Uint8Array([1, 2, 3, 4]), new Uint8Array([250, 251, 252, 253])];
    let n = 0;
    const pool = new RandomPool(4, (buffer) => buffer.set(blocks[n++] ?? new Uint8Array(4)));
    expect(Array.from({ length: 8 }, () => pool.byte())).toEqual([1, 2, 3, 4, 250, 251, 252, 253]);
  });

  it('given the PRNG, then its values map to uniform base32 digits (top five bits of a byte)', () => {
    const prng = pooledPrng();
    const counts = new Array<number>(32).fill(0);
    const draws = 64_000;
    let least = 1;
    let most = 0;
    for (let i = 0; i < draws; i++) {
      const x = prng();
      least = Math.min(least, x);
      most = Math.max(most, x);
      const digit = Math.floor(x * 32);
      counts[digit] = (counts[digit] ?? 0) + 1;
    }
    expect(least).toBeGreaterThanOrEqual(0);
    expect(most).toBeLessThan(1);
    // Chi-square with 31 degrees of freedom: 70 is far in the tail (p < 0.0001) for a fair source.
    const expected = draws / 32;
    const chi = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi).toBeLessThan(70);
  });
});
