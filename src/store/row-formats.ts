import { z } from 'zod';

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

/**
 * `INSTANT.test(text)`: `YYYY-MM-DDTHH:MM:SS.sssZ` decided here for days up to the 28th (valid
 * in every month); later days (month lengths, leap years) and anything else go to the pattern.
 */
export function isInstant(text: string): boolean {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 /* . */ ||
    text.charCodeAt(23) !== 90 /* Z */
  )
    return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if ((year | month | day | hour | minute | second | ms) < 0) return false;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= 28 || INSTANT.test(text);
}

/** The decimal number of text[at, at + count); -1 when any of them is not an ASCII digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
