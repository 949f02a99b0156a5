import { z } from 'zod';
import type { AsOfIndex } from './as-of-index.js';
import { columnOf } from './board-summary-schema.js';
import { leadPlanOf } from './item-view.js';
import { addDays } from './time.js';

/** Spacing of the points; months, quarters and years keep the day of `from` (clamped at month end). */
export const RagStep = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export type RagStep = z.infer<typeof RagStep>;

/** Counts on one date: every item counted once (in the plan that answers for it). */
export const RagPoint = z.strictObject({
  date: z.string(),
  red: z.number().int(),
  amber: z.number().int(),
  green: z.number().int(),
  completed: z.number().int(),
  notApplicable: z.number().int(),
  awaitingRag: z.number().int(),
});
export type RagPoint = z.infer<typeof RagPoint>;

export const RagOverTime = z.strictObject({
  from: z.string(),
  to: z.string(),
  step: RagStep,
  knownAt: z.string(),
  points: z.array(RagPoint),
});
export type RagOverTime = z.infer<typeof RagOverTime>;

/** Bound on points per request: a chart needs no more, and it bounds the work (API4). */
export const MAX_POINTS = 1000;

/** How many points `from`..`to` by `step` makes (without listing them: a century of days is cheap to count). */
export function pointCount(from: string, to: string, step: RagStep): number {
  if (from > to) return 0;
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (step === 'day') return days + 1;
  if (step === 'week') return Math.floor(days / 7) + 1;
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const months = ((ty ?? 0) - (fy ?? 0)) * 12 + ((tm ?? 0) - (fm ?? 0));
  const k = MONTHS_PER_STEP[step];
  const steps = Math.floor(months / k);
  // A month-based step keeps the day (clamped at month end), so the last step counts only if reached.
  return steps + (addMonths(from, steps * k) <= to ? 1 : 0);
}

/** The dates from `from` to `to` inclusive by `step` (months keep the day, clamped at month end). */
export function datesBetween(from: string, to: string, step: RagStep): string[] {
  const out: string[] = [];
  for (let i = 0, d = from; d <= to && out.length < MAX_POINTS; i++) {
    out.push(d);
    d =
      step === 'day'
        ? addDays(from, i + 1)
        : step === 'week'
          ? addDays(from, 7 * (i + 1))
          : addMonths(from, MONTHS_PER_STEP[step] * (i + 1));
  }
  return out;
}

const MONTHS_PER_STEP = { month: 1, quarter: 3, year: 12 } as const;

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = (y ?? 1970) * 12 + ((m ?? 1) - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d ?? 1, last))).toISOString().slice(0, 10);
}

/**
 * RAG counts per date for charts, each date read at (date, knownAt): "what we know now about
 * each date" by default, or "what was reported at each date" if the caller passes the date's
 * end as knownAt point by point (not done here: one knownAt for the whole series).
 * Cost: O(points × items × log events-per-item).
 */
export function ragOverTime(
  index: AsOfIndex,
  range: { from: string; to: string; step: RagStep; knownAt: string },
  filter: { planId?: string | undefined; inspectionId?: string | undefined } = {},
): RagOverTime {
  const itemIds = [...(filter.planId ? index.itemIdsLinkedTo(filter.planId) : index.items.keys())];
  const points = datesBetween(range.from, range.to, range.step).map((date) => {
    const point: RagPoint = {
      date,
      red: 0,
      amber: 0,
      green: 0,
      completed: 0,
      notApplicable: 0,
      awaitingRag: 0,
    };
    for (const itemId of itemIds) {
      const item = index.itemAt(itemId, { asOf: date, knownAt: range.knownAt });
      if (!item) continue;
      if (filter.planId && leadPlanOf(item) !== filter.planId) continue;
      if (filter.inspectionId && item.inspectionId !== filter.inspectionId) continue;
      if (item.status === 'not-applicable') point.notApplicable++;
      else point[columnOf(item)]++;
    }
    return point;
  });
  return { ...range, points };
}
