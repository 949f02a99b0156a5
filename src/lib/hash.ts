import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * SHA-256 of a UTF-8 string (or bytes), hex. One-shot `crypto.hash`: the same digest as
 * `createHash().update().digest()` without a Hash object per call, which was a third of the
 * hashing cost when every event of an import is hashed (docs/performance.md).
 */
export function sha256Hex(input: string | Uint8Array): string {
  return hash('sha256', input, 'hex');
}

/** SHA-256 of a UTF-8 string, the 32 bytes. */
export function sha256Bytes(input: string): Uint8Array {
  return hash('sha256', input, 'buffer');
}

/**
 * SHA-256 over the canonical JSON of a value, hex: the same content gives the same hash whatever
 * the key order it was built in (event hashes, board snapshot digests, import source ids).
 */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
