import { sha256Hex } from '../lib/hash.js';
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
  return base32Of128(sha256Hex(`${tag}\u0000${seed}`));
}

/** Crockford digits' character codes, and the codes of one id being written (reused: no garbage). */
const DIGIT_CODES = Array.from(CROCKFORD, (c) => c.charCodeAt(0));
const codes: number[] = new Array(26).fill(0);

/** The value of one lower-case hex digit by its character code. */
const nibble = (code: number) => (code <= 57 ? code - 48 : code - 87);

/**
 * The first 16 bytes (128 bits, big-endian; the first 32 hex digits of the digest) as 26
 * Crockford base32 digits; 26 digits hold 130 bits, so the top digit is 0-7 (two zero bits
 * ahead of the 128). Read four bits at a time into an accumulator and written five at a time,
 * with plain integers and one string made at the end: an import derives one id per event, and a
 * BigInt per step, then a string grown digit by digit and a Buffer per digest, made this a few
 * per cent of a 10,000-row import (and ~200 MB of its garbage).
 */
function base32Of128(hex: string): string {
  let acc = 0;
  let bits = 2;
  let at = 0;
  for (let i = 0; i < 32; i++) {
    acc = (acc << 4) | nibble(hex.charCodeAt(i));
    bits += 4;
    if (bits >= 5) {
      bits -= 5;
      codes[at++] = DIGIT_CODES[(acc >> bits) & 31] ?? 48;
      acc &= (1 << bits) - 1;
    }
  }
  return String.fromCharCode(...codes);
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
