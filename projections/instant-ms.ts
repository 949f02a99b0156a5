/**
 * `Date.parse` of an instant as the ledger writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`, checked on
 * the way in and again when read), by arithmetic: Date.parse measured ≈ 0.5 µs an event in a
 * rebuild's page building, this ≈ 0.1 µs. Anything else, and days after the 28th (so no month
 * length is assumed), go to Date.parse.
 */
export function instantMs(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */) return Date.parse(text);
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (
    (y | m | d | h | mi | s | ms) < 0 ||
    m < 1 ||
    m > 12 ||
    d < 1 ||
    d > 28 ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46
  )
    return Date.parse(text);
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** The decimal number of text[at, at + count); -1 when any of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
