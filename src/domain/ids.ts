import { sha256Bytes } from '../lib/hash.js';
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
  return base32Of128(sha256Bytes(`${tag}\u0000${seed}`));
}

/**
 * The first 16 bytes (128 bits, big-endian) as 26 Crockford base32 digits; 26 digits hold 130
 * bits, so the top digit is 0-7. Read five bits at a time with plain integers: an import derives
 * one id per event, and a BigInt per step made this a few per cent of a 10,000-row import.
 */
function base32Of128(bytes: Uint8Array): string {
  let out = '';
  for (let digit = 25; digit >= 0; digit--) {
    const low = digit * 5;
    let value = 0;
    for (let bit = low + 4; bit >= low; bit--) {
      // Bit 0 is the lowest bit of byte 15; bits 128 and 129 are the padding zeros.
      const set = bit < 128 ? ((bytes[15 - (bit >> 3)] ?? 0) >> (bit & 7)) & 1 : 0;
      value = (value << 1) | set;
    }
    out += CROCKFORD.charAt(value);
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
