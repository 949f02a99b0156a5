import { z } from 'zod';
import type { AsOfIndex } from './as-of-index.js';
import { type ItemRef, ItemRef as ItemRefSchema, itemRef } from './board-summary-schema.js';
import { type ItemView, leadPlanOf } from './item-view.js';
import { addDays, daysBetween, type TimePoint } from './time.js';

export const DueItem = z.strictObject({
  item: ItemRefSchema,
  dueDate: z.string(),
  /** Positive: days past due; zero or negative: days left (negated). */
  daysOverdue: z.number().int(),
  actionOwner: z.string().nullable(),
  escalated: z.boolean(),
});
export type DueItem = z.infer<typeof DueItem>;

export const OverdueReport = z.strictObject({
  on: z.string(),
  knownAt: z.string(),
  dueSoonDays: z.number().int(),
  /** Open, due date before `on`: most overdue first. */
  overdue: z.array(DueItem),
  /** Open, due between `on` and `on + dueSoonDays` inclusive: soonest first. */
  dueSoon: z.array(DueItem),
  /** Open items with only a timescale in words ("Within three months"): no date to judge. */
  undated: z.array(ItemRefSchema),
});
export type OverdueReport = z.infer<typeof OverdueReport>;

/**
 * Classifies one item on a date. Pure. Only open items can be overdue: complete and not
 * applicable items are done whatever their date.
 */
function dueStatus(
  item: ItemView,
  on: string,
  dueSoonDays: number,
): 'overdue' | 'due-soon' | 'undated' | null {
  if (item.status !== 'open') return null;
  if (item.dueDate === null) return 'undated';
  if (item.dueDate < on) return 'overdue';
  return item.dueDate <= addDays(on, dueSoonDays) ? 'due-soon' : null;
}

/** Overdue and due-soon items at (on, knownAt), optionally for the plan that answers for them. */
export function overdue(
  index: AsOfIndex,
  at: TimePoint,
  dueSoonDays: number,
  filter: { planId?: string | undefined; inspectionId?: string | undefined } = {},
): OverdueReport {
  const report: OverdueReport = {
    on: at.asOf,
    knownAt: at.knownAt,
    dueSoonDays,
    overdue: [],
    dueSoon: [],
    undated: [],
  };
  const itemIds = filter.planId ? index.itemIdsLinkedTo(filter.planId) : index.items.keys();
  for (const itemId of itemIds) {
    const item = index.itemAt(itemId, at);
    if (!item) continue;
    if (filter.planId && leadPlanOf(item) !== filter.planId) continue;
    if (filter.inspectionId && item.inspectionId !== filter.inspectionId) continue;
    const status = dueStatus(item, at.asOf, dueSoonDays);
    if (status === null) continue;
    const ref: ItemRef = itemRef(item);
    if (status === 'undated' || item.dueDate === null) {
      report.undated.push(ref);
      continue;
    }
    const entry: DueItem = {
      item: ref,
      dueDate: item.dueDate,
      daysOverdue: daysBetween(item.dueDate, at.asOf),
      actionOwner: item.actionOwner,
      escalated: item.escalated,
    };
    (status === 'overdue' ? report.overdue : report.dueSoon).push(entry);
  }
  report.overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.item.ref.localeCompare(b.item.ref));
  report.dueSoon.sort((a, b) => b.daysOverdue - a.daysOverdue || a.item.ref.localeCompare(b.item.ref));
  return report;
}
