/**
 * Date forms found in real plans. A month without a day ("Jan 2015") is read as the LAST day of
 * that month everywhere: a deadline "Jan 2015" means "by the end of January", and an update dated
 * only by month is never claimed to be true earlier than the paper supports.
 */

const MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
];

/** Month number for "Jan", "January", "Sept"; null when not a month name. */
export function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower.length < 3) return null;
  for (const [prefix, n] of MONTHS) {
    if (lower.startsWith(prefix) && isPrefixOfMonthName(lower, n)) return n;
  }
  return null;
}

const FULL_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function isPrefixOfMonthName(lower: string, n: number): boolean {
  const full = FULL_NAMES[n - 1] ?? '';
  return full.startsWith(lower.replace(/\.$/, ''));
}

/** Two-digit years are 2000-2069 or 1970-1999 (inspection plans start in the 2000s). */
function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO date for a valid calendar day, else null (31-Feb is not silently rolled over). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DMY_DASH = /^(\d{1,2})[-/ ]([A-Za-z]{3,9})\.?[-/ ](\d{2}|\d{4})$/;
const DMY_WORDS = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;
const DMY_NUMERIC = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;
const MONTH_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/;

/** Set only while `readingMonthFirst` runs: the file being read writes its slash dates month first. */
let monthFirst = false;

/**
 * Runs a (synchronous) read of one file whose slash dates are month first (`date-order.ts` decides
 * from the file itself): `5/13/2011` is 13 May. Every other form is unaffected.
 */
export function readingMonthFirst<T>(read: () => T): T {
  const before = monthFirst;
  monthFirst = true;
  try {
    return read();
  } finally {
    monthFirst = before;
  }
}

/**
 * Reads one date written in any form the plans use: `31-Mar-15`, `31-Mar-2015`, `8 Jan 2015`,
 * `24 April 2015`, `Update 24 April 2015`, `22/06/2012` (UK order, unless the file is read month first), `2015-03-31`, `Jan 2015`.
 * Returns null for anything else (including "Now", "N/A", "Complete").
 */
export function parseDate(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/^update\s+/i, '')
    .replace(/\s+/g, ' ');
  let m = DMY_DASH.exec(text) ?? DMY_WORDS.exec(text);
  if (m) {
    const month = monthNumber(m[2] ?? '');
    return month === null ? null : isoDate(fullYear(m[3] ?? ''), month, Number(m[1]));
  }
  m = DMY_NUMERIC.exec(text);
  if (m) {
    const [day, month] = monthFirst ? [m[2], m[1]] : [m[1], m[2]];
    return isoDate(fullYear(m[3] ?? ''), Number(month), Number(day));
  }
  m = ISO.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH_YEAR.exec(text);
  if (m) {
    const month = monthNumber(m[1] ?? '');
    if (month === null) return null;
    const year = Number(m[2]);
    return isoDate(year, month, daysInMonth(year, month));
  }
  return null;
}

/** Words a Due Date cell may hold instead of a date; they are kept in `dueText` without a warning. */
const NON_DATE_DUE =
  /^(now|immediate(ly)?|with immediate effect|n\/?a|complete(d)?|ongoing|on-going|tbc|tba|-)$/i;

/** True when a due cell is a known non-date word rather than an unreadable date. */
export function isKnownNonDate(raw: string): boolean {
  return NON_DATE_DUE.test(raw.trim());
}

/** The first half of a date split across two cells: `23-Jan-` or `19-Nov`. */
const SPLIT_HEAD = /^\d{1,2}-[A-Za-z]{3,9}-?$/;
const SPLIT_TAIL = /^\d{2}(\d{2})?$/;

/**
 * PDF-to-text exports cut dates at the hyphen into two cells (`23-Jan-` | `15`). Joins every such
 * pair into one cell (`23-Jan-15`); returns the cells unchanged when there is none.
 */
export function joinSplitDates(cells: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    const next = cells[i + 1];
    if (next !== undefined && SPLIT_HEAD.test(cell.trim()) && SPLIT_TAIL.test(next.trim())) {
      const head = cell.trim();
      out.push(head.endsWith('-') ? `${head}${next.trim()}` : `${head}-${next.trim()}`);
      i++;
    } else {
      out.push(cell);
    }
  }
  return out;
}
