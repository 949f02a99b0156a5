import { dayKey } from './event-columns.js';

/**
 * A TimePoint's two instants as numbers, computed once per query: the "now" fast path then
 * compares numbers held on the timeline itself, without touching its arrays or strings.
 */
export interface TimeKeys {
  asOfDay: number;
  knownAtMs: number;
}

export const timeKeys = (asOf: string, knownAt: string): TimeKeys => ({
  asOfDay: dayKey(asOf),
  knownAtMs: Date.parse(knownAt),
});
