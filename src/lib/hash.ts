import { createHash, hash } from 'node:crypto';
import { writeCanonicalJson } from './canonical-json.js';

/**
 * SHA-256 of a UTF-8 string (or bytes), hex. One-shot `crypto.hash`: the same digest as
 * `createHash().update().digest()` without a Hash object per call, which matters when every
 * event of an import is hashed: measured 2 Dec 2026 (Node 20, 200,000 event-sized texts of ~870
 * characters, 3 alternating rounds), 1.8–2.2 µs a digest one-shot against 3.4–4.3 µs with a Hash object.
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
 * ~6× as long, mostly flattening and collecting it (measured 2 Dec 2026 on that document: ~3.4 s
 * built whole, ~0.55 s hashed as written; recorded in docs/architecture.md, "Integrity").
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
