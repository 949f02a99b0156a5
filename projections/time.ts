import type { BusinessDate, Instant } from '../src/domain/fields.js';

/**
 * A point on both time axes (docs/architecture.md, Time: two axes). `asOf` is business time (a calendar date, inclusive);
 * `knownAt` is record time (a UTC instant, inclusive). Both are plain strings because the
 * envelope stores them in fixed-width ISO form, so string order is time order and the hot path
 * of the index compares without parsing.
 */
export interface TimePoint {
  asOf: BusinessDate;
  knownAt: Instant;
}

/** Today's calendar date in UTC. */
export const todayUtc = (now: Date = new Date()): BusinessDate => now.toISOString().slice(0, 10);

/**
 * The last millisecond of a UTC calendar day. A `knownAt` given as a bare date means "everything
 * recorded by the end of that day": a board sitting on 27 April saw what was typed in that
 * morning, so the whole day counts.
 */
export const endOfDayUtc = (date: BusinessDate): Instant => `${date}T23:59:59.999Z`;

/** Accepts a date or an instant for `knownAt` and returns the instant it stands for. */
export function knownAtInstant(value: string): Instant {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfDayUtc(value) : value;
}

/** Accepts a date or an instant for `asOf` and returns its calendar date (UTC). */
export function asOfDate(value: string): BusinessDate {
  return value.slice(0, 10);
}

/**
 * Resolves optional (asOf, knownAt) into a TimePoint. Defaults are "now" on both axes.
 * `knownAt` given as a date is the end of that UTC day.
 */
export function resolveTimePoint(
  input: { asOf?: string | null | undefined; knownAt?: string | null | undefined },
  now: Date = new Date(),
): TimePoint {
  return {
    asOf: input.asOf ? asOfDate(input.asOf) : todayUtc(now),
    knownAt: input.knownAt ? knownAtInstant(input.knownAt) : now.toISOString(),
  };
}

/** "What the board saw on D": both axes at the end of day D. */
export const boardSawOn = (date: BusinessDate): TimePoint => ({ asOf: date, knownAt: endOfDayUtc(date) });

/** Adds whole days to a calendar date (UTC, no time zones involved). */
export function addDays(date: BusinessDate, days: number): BusinessDate {
  const [y, m, d] = date.split('-').map(Number);
  const t = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
