import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Bytes fetched from the operating system's CSPRNG at a time. */
const POOL_BYTES = 4096;

/**
 * Cryptographic random bytes fetched in blocks and handed out one at a time. `ulid`'s own
 * generator asks the CSPRNG for one byte per character (16 calls per id), which was ~7–10% of
 * the HTTP command server's CPU (its CPU profile, 1 Dec 2026; recorded in docs/architecture.md,
 * "Events and the envelope"); one call per 4 KiB makes that negligible. The
 * bytes are the same kind (randomFillSync), only fetched in bulk, and each is used once.
 */
export class RandomPool {
  private readonly bytes: Uint8Array;
  private next: number;

  constructor(
    size = POOL_BYTES,
    private readonly fill: (buffer: Uint8Array) => void = (buffer) => {
      randomFillSync(buffer);
    },
  ) {
    this.bytes = new Uint8Array(size);
    this.next = size;
  }

  /** One random byte, 0-255. */
  byte(): number {
    if (this.next === this.bytes.length) {
      this.fill(this.bytes);
      this.next = 0;
    }
    // next < length here (refilled above), so the byte exists.
    return this.bytes[this.next++]!;
  }
}

/**
 * A PRNG for `ulid` ([0, 1) in steps of 1/256) drawing from the pool: `ulid` takes
 * floor(x × 32), i.e. the byte's top five bits, so every base32 character is uniform.
 */
export function pooledPrng(pool: RandomPool = new RandomPool()): () => number {
  return () => pool.byte() / 256;
}

/** Makes an id source with its own pool and monotonic state (tests inject the pool). */
export function idSource(pool: RandomPool = new RandomPool()): () => string {
  const next = monotonicFactory(pooledPrng(pool));
  return () => next();
}

/**
 * A new ULID for an event, aggregate or request: 48 bits of time then 80 random bits, so ids
 * sort by creation time; within one millisecond this process increments the random part
 * (ulid's monotonic factory), so ids made here also sort in the order they were made and never
 * repeat.
 */
export const newUlid: () => string = idSource();
