/**
 * Event ids are ULIDs: 26 characters of Crockford base32 (130 bits, the first character ≤ 7)
 * hold 128 bits, kept as 16 bytes per row instead of 26 characters (docs/architecture.md,
 * "Index layout and cost"). An id that is not a canonical ULID is not written here: the
 * caller keeps it as it is.
 */
export const ID_BYTES = 16;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Character code → its 5-bit value; -1 for a character no canonical ULID holds. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;
const CODE = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** One id's characters as it is read back (reused: ids are read one at a time). */
const scratch = new Uint8Array(26);

/** Writes `id` as 16 bytes at `at`; false (the bytes then mean nothing) when it is not a canonical ULID. */
export function writeUlid(bytes: Uint8Array, at: number, id: string): boolean {
  if (id.length !== 26) return false;
  const first = id.charCodeAt(0);
  let acc = first < 128 ? (VALUE[first] as number) : -1;
  if (acc < 0 || acc > 7) return false;
  let bits = 3;
  let out = at;
  for (let i = 1; i < 26; i++) {
    const c = id.charCodeAt(i);
    const v = c < 128 ? (VALUE[c] as number) : -1;
    if (v < 0) return false;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >>> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return true;
}

/** The ULID whose 16 bytes start at `at`. */
export function readUlid(bytes: Uint8Array, at: number): string {
  let acc = 0;
  let bits = 2; // the two zero bits above the 128
  let k = 0;
  for (let i = at; i < at + ID_BYTES; i++) {
    acc = (acc << 8) | (bytes[i] as number);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      scratch[k++] = CODE[(acc >>> bits) & 31] as number;
    }
    acc &= (1 << bits) - 1;
  }
  return String.fromCharCode.apply(null, scratch as unknown as number[]);
}
