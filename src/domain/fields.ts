import { z } from 'zod';

/** Crockford base32 ULID, 26 characters; the first is 0-7 because a ULID is 128 bits. */
export const Ulid = z
  .string()
  .regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be a ULID (26 Crockford base32 characters, upper case)');
export type Ulid = z.infer<typeof Ulid>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the digits of `value` in [from, to), or -1 if one is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function isCalendarDate(value: string): boolean {
  // YYYY-MM-DD, the shape the regex beside it allows, is checked by arithmetic: every query
  // validates its dates, and a split and a Date per date were 5% of a drill-down page's CPU.
  // The answers are the Date path's, which reads years 0-99 as 1900-1999 and so refuses them.
  if (value.length === 10 && value[4] === '-' && value[7] === '-') {
    const y = digits(value, 0, 4);
    const m = digits(value, 5, 7);
    const d = digits(value, 8, 10);
    if (y >= 0 && m >= 0 && d >= 0) {
      if (y < 100 || m < 1 || m > 12 || d < 1) return false;
      const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
      return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
    }
  }
  const [y, m, d] = value.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A business (calendar) date, `YYYY-MM-DD`, with no time zone: the day a fact became true. */
export const BusinessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a real calendar date');
export type BusinessDate = z.infer<typeof BusinessDate>;

/** A UTC instant, ISO-8601 with `Z` (e.g. `2011-04-27T09:30:00.000Z`). */
export const Instant = z.iso.datetime({ offset: false, precision: 3 });
export type Instant = z.infer<typeof Instant>;

/** Red / Amber / Green, exactly: "COMPLETE" is a completion, not a RAG value. */
export const Rag = z.enum(['RED', 'AMBER', 'GREEN']);
export type Rag = z.infer<typeof Rag>;

/** What the inspectorate published: the four kinds found in real reports. */
export const ItemKind = z.enum([
  'recommendation',
  'area-for-improvement',
  'national-recommendation',
  'sub-recommendation',
]);
export type ItemKind = z.infer<typeof ItemKind>;

/** Open, closed as done, or closed as not this organisation's to deliver; a closed item can be reopened. */
export const ItemStatus = z.enum(['open', 'complete', 'not-applicable']);
export type ItemStatus = z.infer<typeof ItemStatus>;

/** A name, title or short label (an owner, a portfolio, a ref). */
export const ShortText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters');
/** Free text (an inspectorate's wording, an update): bounded so one request cannot exhaust memory. */
export const LongText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(20_000, 'must be at most 20000 characters');
/** A SHA-256 digest in lower-case hex. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest');
