import { z } from 'zod';
import { ItemKind, ItemStatus, Rag } from '../src/domain/fields.js';
import type { AsOfIndex } from './as-of-index.js';
import { type ItemView, leadPlanOf } from './item-view.js';

/** One thing that changed about an item between two dates (net: first vs last state). */
export const ItemChange = z.discriminatedUnion('change', [
  z.strictObject({ change: z.literal('added') }),
  z.strictObject({ change: z.literal('removed') }),
  z.strictObject({
    change: z.literal('updated'),
    newUpdates: z.number().int(),
    latest: z.strictObject({ text: z.string(), effectiveOn: z.string() }).nullable(),
  }),
  /** A new (or changed) management response, dated. */
  z.strictObject({
    change: z.literal('responded'),
    response: z.string(),
    effectiveOn: z.string().nullable(),
  }),
  z.strictObject({ change: z.literal('re-rated'), from: Rag.nullable(), to: Rag.nullable() }),
  z.strictObject({ change: z.literal('completed') }),
  z.strictObject({ change: z.literal('marked-not-applicable') }),
  z.strictObject({ change: z.literal('reopened'), from: ItemStatus }),
  z.strictObject({ change: z.literal('transferred'), fromPlanId: z.string(), toPlanId: z.string() }),
  z.strictObject({ change: z.literal('lead-changed'), fromPlanId: z.string(), toPlanId: z.string() }),
  z.strictObject({
    change: z.literal('due-date-moved'),
    from: z.string().nullable(),
    to: z.string().nullable(),
    fromTimescale: z.string().nullable(),
    toTimescale: z.string().nullable(),
    escalated: z.boolean(),
  }),
  z.strictObject({
    change: z.literal('owners-changed'),
    from: z.strictObject({ strategicLead: z.string().nullable(), actionOwner: z.string().nullable() }),
    to: z.strictObject({ strategicLead: z.string().nullable(), actionOwner: z.string().nullable() }),
  }),
]);
export type ItemChange = z.infer<typeof ItemChange>;

export const ItemChanges = z.strictObject({
  itemId: z.string(),
  ref: z.string(),
  kind: ItemKind,
  /** The plan it is in at the later date (or was in, if removed). */
  planId: z.string(),
  changes: z.array(ItemChange),
});
export type ItemChanges = z.infer<typeof ItemChanges>;

export const ChangesBetween = z.strictObject({
  from: z.string(),
  to: z.string(),
  knownAt: z.string(),
  items: z.array(ItemChanges),
});
export type ChangesBetween = z.infer<typeof ChangesBetween>;

/**
 * What changed for one item from `before` to `after`. Pure. Net change: an item rated RED then
 * back to AMBER within the period shows no re-rating (the item history has every step).
 */
function diffItem(before: ItemView | null, after: ItemView | null): ItemChange[] {
  if (before === null && after === null) return [];
  if (before === null) return [{ change: 'added' }];
  if (after === null) return [{ change: 'removed' }];
  const out: ItemChange[] = [];
  const responded = after.initialResponse !== before.initialResponse && after.initialResponse !== null;
  if (responded) {
    out.push({
      change: 'responded',
      response: after.initialResponse ?? '',
      // Its date is known when it is still the latest update (else a later update followed it).
      effectiveOn: after.latestUpdate?.text === after.initialResponse ? after.latestUpdate.effectiveOn : null,
    });
  }
  // An update (or a corrected one); a response alone also changes latestUpdate, reported above.
  const latestMoved =
    after.latestUpdate?.text !== before.latestUpdate?.text &&
    !(responded && after.latestUpdate?.text === after.initialResponse);
  if (after.updatesCount !== before.updatesCount || latestMoved) {
    out.push({
      change: 'updated',
      newUpdates: after.updatesCount - before.updatesCount,
      latest: after.latestUpdate,
    });
  }
  if (after.rag !== before.rag) out.push({ change: 're-rated', from: before.rag, to: after.rag });
  if (after.status !== before.status) {
    if (after.status === 'complete') out.push({ change: 'completed' });
    else if (after.status === 'not-applicable') out.push({ change: 'marked-not-applicable' });
    else out.push({ change: 'reopened', from: before.status });
  }
  if (after.planId !== before.planId) {
    out.push({ change: 'transferred', fromPlanId: before.planId, toPlanId: after.planId });
  }
  const leadBefore = leadPlanOf(before);
  const leadAfter = leadPlanOf(after);
  if (leadAfter !== leadBefore && after.planId === before.planId) {
    out.push({ change: 'lead-changed', fromPlanId: leadBefore, toPlanId: leadAfter });
  }
  if (after.dueDate !== before.dueDate || after.timescale !== before.timescale) {
    out.push({
      change: 'due-date-moved',
      from: before.dueDate,
      to: after.dueDate,
      fromTimescale: before.timescale,
      toTimescale: after.timescale,
      escalated: after.escalated,
    });
  }
  if (after.strategicLead !== before.strategicLead || after.actionOwner !== before.actionOwner) {
    out.push({
      change: 'owners-changed',
      from: { strategicLead: before.strategicLead, actionOwner: before.actionOwner },
      to: { strategicLead: after.strategicLead, actionOwner: after.actionOwner },
    });
  }
  return out;
}

export interface ChangesFilter {
  planId?: string | undefined;
  inspectionId?: string | undefined;
}

/**
 * "What changed since the last board": every item whose state at (from, knownAt) differs from
 * its state at (to, knownAt). Both dates are read with the same knownAt so that a correction
 * does not show up as a change of business facts. O(items × log events-per-item).
 */
export function changesBetween(
  index: AsOfIndex,
  range: { from: string; to: string; knownAt: string },
  filter: ChangesFilter = {},
): ChangesBetween {
  const itemIds = filter.planId ? index.itemIdsLinkedTo(filter.planId) : index.items.keys();
  const items: ItemChanges[] = [];
  for (const itemId of itemIds) {
    const before = index.itemAt(itemId, { asOf: range.from, knownAt: range.knownAt });
    const after = index.itemAt(itemId, { asOf: range.to, knownAt: range.knownAt });
    const shown = after ?? before;
    if (!shown) continue;
    if (filter.inspectionId && shown.inspectionId !== filter.inspectionId) continue;
    if (filter.planId && !touches(before, filter.planId) && !touches(after, filter.planId)) continue;
    const changes = diffItem(before, after);
    if (changes.length > 0) {
      items.push({ itemId, ref: shown.ref, kind: shown.kind, planId: shown.planId, changes });
    }
  }
  return { from: range.from, to: range.to, knownAt: range.knownAt, items };
}

const touches = (item: ItemView | null, planId: string): boolean =>
  item !== null &&
  (item.planId === planId ||
    leadPlanOf(item) === planId ||
    item.transfers.some((t) => t.fromPlanId === planId));
