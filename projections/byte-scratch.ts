// Web-standard (this folder is also compiled for the dashboard, where there is no Buffer).
const UTF8_OUT = new TextEncoder();

/** How many bytes `writeVarint` writes for `value`. */
export function varintLength(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v >>>= 7) n++;
  return n;
}

/** Writes `value` (unsigned, < 2^31) as a little-endian base-128 varint; returns its length. */
export function writeVarint(bytes: Uint8Array, at: number, value: number): number {
  let p = at;
  let v = value;
  while (v >= 0x80) {
    bytes[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[p++] = v;
  return p - at;
}

/** A reused, growing byte buffer (the texts being coded, the bytes of a text being read). */
export class ByteScratch {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Empties it, with room for at least `capacity` bytes. */
  reset(capacity: number): this {
    if (this.bytes.length < capacity) this.bytes = new Uint8Array(capacity);
    this.length = 0;
    return this;
  }

  /** Room for at least `capacity` bytes in all, keeping what is written; returns the buffer. */
  grow(capacity: number): Uint8Array {
    if (capacity <= this.bytes.length) return this.bytes;
    const bigger = new Uint8Array(Math.max(capacity, this.bytes.length * 2));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    return bigger;
  }

  varint(value: number): void {
    if (this.length + 5 > this.bytes.length) this.grow(this.length + 5);
    this.length += writeVarint(this.bytes, this.length, value);
  }

  /** A token written out: its UTF-8 byte length, then the bytes. */
  text(token: string): void {
    const bytes = UTF8_OUT.encode(token);
    this.varint(bytes.length);
    this.append(bytes, 0, bytes.length);
  }

  /** Appends bytes[start, end). */
  append(bytes: Uint8Array, start: number, end: number): void {
    if (this.length + end - start > this.bytes.length) this.grow(this.length + end - start);
    this.bytes.set(bytes.subarray(start, end), this.length);
    this.length += end - start;
  }
}
