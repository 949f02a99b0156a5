import { decodeEvent, isLedgerEventType } from '../../src/domain/ledger-event.js';
import type { EventStore } from '../../src/store/event-store.js';
import { readLogPages } from '../../src/store/read-log.js';
import { AsOfIndex } from '../as-of-index.js';
import { boardSnapshotDigest } from '../board-snapshot.js';
import type { TimePoint } from '../time.js';

/** Computes the digest of the snapshot a report presents: its plans at its time point. */
export type SnapshotDigester = (planIds: readonly string[], at: TimePoint) => Promise<string>;

/** The record time of the latest event in the store ('' when empty): what a report presented now shows. */
export async function latestRecordedAt(store: EventStore): Promise<string> {
  const [last] = await store.readTail(1);
  return last?.recordedAt ?? '';
}

/**
 * A digester for processes without running read models (the CLI's import, the sample loader):
 * it folds the whole log into a fresh index, once per report. That is the same digest a server
 * recomputes for verification; it costs a rebuild's time (about 70k events/s), which is why the
 * server passes its live index instead.
 */
export function digestFromLog(store: EventStore): SnapshotDigester {
  return async (planIds, at) => {
    const index = new AsOfIndex();
    for await (const page of readLogPages(store, { pageSize: 5000 })) {
      // Other records share the log (API keys kept as events): the read models never read them.
      for (const record of page) if (isLedgerEventType(record.type)) index.apply(decodeEvent(record));
    }
    return boardSnapshotDigest(index, planIds, at);
  };
}
