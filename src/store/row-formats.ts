import { z } from 'zod';
import { InstantParts } from '../lib/instant-parts.js';

/*
 * The format checks a replay makes on every row (sqlite-replay.ts, sqlite-rows.ts), by
 * character codes: the regular expressions below took ≈ 0.4 µs (ULID) and ≈ 0.25 µs (instant)
 * a row, a tenth of a replay thread's time per event; these take a few dozen ns. Each accepts
 * exactly what its pattern accepts (the instant check hands the rare days it does not decide
 * to the pattern itself); tests/store/row-formats.test.ts compares them on generated strings.
 */

/** An event id: a canonical ULID (fields.ts `Ulid`). */
export const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
/** A recorded instant as the ledger writes it (envelope.ts `recordedAt`). */
export const INSTANT = z.regexes.datetime({ precision: 3, offset: false, local: false });

/** 1 for each character code a canonical ULID's last 25 characters may hold. */
const BASE32 = new Uint8Array(128);
for (const c of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') BASE32[c.charCodeAt(0)] = 1;

/** `ULID.test(text)`, by character codes. */
export function isUlid(text: string): boolean {
  if (text.length !== 26) return false;
  const first = text.charCodeAt(0);
  if (first < 48 || first > 55) return false; // 0-7: 128 bits in 26 characters
  for (let i = 1; i < 26; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE32[c] === 0) return false;
  }
  return true;
}

/** The fields `isInstant` reads, reused: the check allocates nothing per row. */
const PARTS = new InstantParts();

/**
 * `INSTANT.test(text)`: decided by character codes for days up to the 28th (valid in every
 * month); later days (month lengths, leap years) and anything else go to the pattern.
 */
export function isInstant(text: string): boolean {
  return PARTS.read(text) || INSTANT.test(text);
}
