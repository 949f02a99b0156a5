import { createHash, hash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';

/**
 * SHA-256 of a UTF-8 string (or bytes), hex. One-shot `crypto.hash`: the same digest as
 * `createHash().update().digest()` without a Hash object per call, which was a third of the
 * hashing cost when every event of an import is hashed (docs/performance.md).
 */
export function sha256Hex(input: string | Uint8Array): string {
  return hash('sha256', input, 'hex');
}

/** Text handed to the hash at a time: large enough that the calls are few, small enough to stay young. */
const CHUNK = 1 << 16;

/**
 * SHA-256 over the canonical JSON of a value, hex: the same content gives the same hash whatever
 * the key order it was built in (event hashes, board snapshot digests, import source ids). The
 * text is hashed as it is written (`writeCanonicalJson`), so a whole document (an import's
 * source id: ~22 MB of JSON for a 10,000-row plan) is never built as one string: that took
 * ~6× as long, mostly flattening and collecting it (docs/performance.md).
 */
export function contentHash(value: unknown): string {
  const sha = createHash('sha256');
  let pending = '';
  writeCanonicalJson(value, (text) => {
    pending += text;
    if (pending.length >= CHUNK) {
      sha.update(pending);
      pending = '';
    }
  });
  sha.update(pending);
  return sha.digest('hex');
}
