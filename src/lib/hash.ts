import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** SHA-256 of a UTF-8 string (or bytes), hex. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/**
 * SHA-256 over the canonical JSON of a value, hex: the same content gives the same hash whatever
 * the key order it was built in (event hashes, board snapshot digests, import source ids).
 */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
