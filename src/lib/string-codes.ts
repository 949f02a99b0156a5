/**
 * A map from strings to non-negative codes for keys that arrive as fresh strings, one per row
 * (a replay thread's stream ids and actor texts, read from SQLite): `Map.get` hashes every
 * character of a string it has not hashed before, and probing a large table then compares with
 * a key far away in memory. Measured on the 1M ledger's rows (load ≈ 5): a Map of its 39,665
 * stream ids 0.43–0.65 µs a look-up, a Map of its 12 actor texts 0.27–0.39 µs. Here a key is
 * found by a hash of its length and at most 16 of its characters, taken from its end (where
 * ids differ: a ULID's last characters are random) and spread over the rest, and confirmed by
 * comparing the whole string: the same answers as a Map, for any strings.
 */
export class StringCodes {
  private keys: (string | undefined)[];
  /** Per slot, its key's hash then its code: one place in memory for both. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
  }

  /** Keys held. */
  get size(): number {
    return this.count;
  }

  /** The code of `key`, or -1 when it has none. */
  get(key: string): number {
    const h = hashOf(key);
    const { keys, slots, mask } = this;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot] as number;
      if (held === 0) return -1; // an empty slot (a key's hash is never 0)
      if (held === h && keys[slot] === key) return slots[2 * slot + 1] as number;
    }
  }

  /** Gives `key` the code `code` (a key not held yet: see `get`). */
  set(key: string, code: number): void {
    if (code < 0) throw new Error('a code is not negative');
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.place(key, hashOf(key), code);
    this.count++;
  }

  private place(key: string, h: number, code: number): void {
    const { keys, mask } = this;
    let slot = h & mask;
    while (keys[slot] !== undefined) {
      if (keys[slot] === key) throw new Error('unreachable: a key is set once');
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    this.slots[2 * slot] = h;
    this.slots[2 * slot + 1] = code;
  }

  private grow(): void {
    const { keys, slots } = this;
    const size = keys.length * 2;
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key !== undefined) this.place(key, slots[2 * slot] as number, slots[2 * slot + 1] as number);
    }
  }
}

/** The length and up to 16 characters: the last 8, and 8 spread over the rest; never 0. */
function hashOf(key: string): number {
  const n = key.length;
  let h = n * 0x9e3779b1;
  const tail = n < 8 ? n : 8;
  for (let i = 1; i <= tail; i++) h = Math.imul(h ^ key.charCodeAt(n - i), 0x01000193);
  if (n > 8) {
    const step = ((n - 8) >> 3) + 1;
    for (let i = 0; i < n - 8; i += step) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return ((h ^ (h >>> 15)) & 0x7fffffff) | 1;
}
