import { InstantParts } from '../src/lib/instant-parts.js';

/** The fields `instantMs` reads, reused: one call allocates nothing. */
const PARTS = new InstantParts();

/**
 * `Date.parse` of an instant as the ledger writes it (`YYYY-MM-DDTHH:MM:SS.sssZ`, checked on
 * the way in and again when read), by arithmetic: Date.parse measured ≈ 0.5 µs an event in a
 * rebuild's page building, this ≈ 0.1 µs. Anything else, and days after the 28th (so no month
 * length is assumed), go to Date.parse.
 */
export function instantMs(text: string): number {
  if (!PARTS.read(text)) return Date.parse(text);
  const { year: y, month: m, day: d, hour: h, minute: mi, second: s, millisecond: ms } = PARTS;
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}
