import { decodeEvent, isLedgerEventType } from '../../src/domain/ledger-event.js';
import type { EventStore } from '../../src/store/event-store.js';
import { readLogPages } from '../../src/store/read-log.js';
import { AsOfIndex } from '../as-of-index.js';
import { boardSnapshotDigest } from '../board-snapshot.js';
import type { TimePoint } from '../time.js';
import type { SnapshotDigester } from './presented-snapshot.js';

/** An item the ledger lists under a plan now: its own plan, or one it is shared with. */
export interface ListedItem {
  readonly itemId: string;
  readonly ref: string;
  readonly planId: string;
}

/** "As known now, as of any date": the latest state of everything recorded. */
const NOW: TimePoint = { asOf: '9999-12-31', knownAt: '9999-12-31T23:59:59.999Z' };

/** Items the index lists under these plans now (transferred-out items are listed elsewhere). */
export function itemsListedIn(index: AsOfIndex, planIds: readonly string[]): ListedItem[] {
  const out: ListedItem[] = [];
  for (const planId of planIds) {
    for (const itemId of index.itemIdsLinkedTo(planId)) {
      const item = index.itemAt(itemId, NOW);
      if (!item) continue;
      const shared = item.jointAllocation?.withPlanIds.includes(planId) ?? false;
      if (item.planId === planId || shared) out.push({ itemId, ref: item.ref, planId });
    }
  }
  return out;
}

/**
 * One index over the store's log for a process without running read models (the CLI's import):
 * each call catches it up with what was appended since, so several papers imported in one run,
 * and the checks before and the digest after each append, fold the log once, not once per use.
 */
export function logIndex(store: EventStore) {
  const index = new AsOfIndex();
  let after = -1;
  const current = async (): Promise<AsOfIndex> => {
    for await (const page of readLogPages(store, { pageSize: 5000, after })) {
      for (const record of page) {
        // Other records share the log (API keys kept as events): the read models never read them.
        if (isLedgerEventType(record.type)) index.apply(decodeEvent(record));
        after = record.position;
      }
    }
    return index;
  };
  const digest: SnapshotDigester = async (planIds, at) => boardSnapshotDigest(await current(), planIds, at);
  return {
    current,
    digest,
    itemsListedIn: async (planIds: readonly string[]) => itemsListedIn(await current(), planIds),
  };
}
