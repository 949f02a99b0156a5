import { createHash } from 'node:crypto';
import type { Ulid } from './fields.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id (26 Crockford base32 characters, first one 0-7) derived from SHA-256 of a
 * tagged seed. The tag keeps the id spaces apart: an item id can never equal an event id
 * derived from the same text. Deterministic ids are what make retries and re-imports
 * idempotent, and what makes (inspection, ref) uniqueness atomic in the store (the item's
 * stream name is known before it exists, so `no_stream` decides the race).
 */
function derivedUlid(tag: string, seed: string): Ulid {
  const digest = createHash('sha256').update(`${tag}\u0000${seed}`, 'utf8').digest();
  // 128 bits = the first 16 bytes; 26 base32 digits hold 130 bits, so the top digit is 0-7.
  let value = 0n;
  for (const byte of digest.subarray(0, 16)) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD.charAt(Number(value & 31n)) + out;
    value >>= 5n;
  }
  return out;
}

/**
 * The form of a ref that decides identity: Unicode-normalised, trimmed, inner whitespace
 * collapsed, upper case. "afi.3 " and "AFI.3" in two plans' spreadsheets are the same item;
 * "AFI.3" and "AFI 3" are not (punctuation is the inspectorate's, we do not guess).
 */
export function normaliseRef(ref: string): string {
  return ref.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/** The item id for (inspection, ref): the same inputs always give the same id. */
export function itemIdFor(inspectionId: Ulid, ref: string): Ulid {
  return derivedUlid('item', `${inspectionId}\u0000${normaliseRef(ref)}`);
}

/** An event id derived from a seed (an idempotency key and index, an import row's identity). */
export function deterministicEventId(seed: string): Ulid {
  return derivedUlid('event', seed);
}
