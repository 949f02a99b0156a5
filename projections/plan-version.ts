import type { AsOfIndex } from './as-of-index.js';

/**
 * How many events the streams a plan's answer is read from hold: the plan's own stream and
 * every item that ever named the plan (`itemIdsLinkedTo`, the set `planSnapshot` reads).
 *
 * It grows with every event that can change the plan's answer at any (asOf, knownAt): a fact on
 * the plan or one of its items, a correction or retraction (appended to the stream it corrects),
 * a back-dated fact, and a transfer or joint allocation (the item's event, which also links the
 * item to the plans it names, so the count of every plan it touches grows). The set of linked
 * items only grows and a stream's revision rises by one per event, so no two states of those
 * streams share a version. An event on any other stream leaves it as it is: that is what lets
 * the answer cache keep a plan's bytes across writes elsewhere (src/api/answer-cache.ts).
 *
 * O(items linked to the plan): one map lookup each.
 */
export function planVersion(index: AsOfIndex, planId: string): number {
  let events = (index.plans.get(planId)?.headRevision ?? -1) + 1;
  for (const itemId of index.itemIdsLinkedTo(planId))
    events += (index.items.get(itemId)?.headRevision ?? -1) + 1;
  return events;
}
