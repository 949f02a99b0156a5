import type { RecordedEvent } from '../domain/envelope.js';
import { MerkleAccumulator } from '../lib/merkle.js';
import type { EventStore } from '../store/event-store.js';
import { eventHash } from '../store/hash-chain.js';
import { readLogPages } from '../store/read-log.js';
import { checkEvent, differingColumns, type Finding, newLogState, type OrderRules } from './event-checks.js';
import type { LedgerDigest } from './ledger-proofs.js';

/** One event that does not match, and which stored column(s) the evidence points at. */
export type VerifyFailure = Finding;

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  streams: number;
  /** The first event that does not match, in global order; null when everything matches. */
  firstFailure: VerifyFailure | null;
  /** Every finding, in global order (at most `MAX_FAILURES`). */
  failures: VerifyFailure[];
  digest: LedgerDigest;
}

/** Enough to see what happened to a file; a wholesale rewrite would otherwise list every event. */
export const MAX_FAILURES = 100;

/**
 * A copy of the same ledger from before it was changed (a backup): for an event whose content
 * no longer matches its hash, the copy whose hash does match is the original, and comparing
 * the two names the column that changed.
 */
export type Witness = (stored: RecordedEvent) => Promise<RecordedEvent | null>;

export interface VerifyOptions {
  onProgress?: (done: number, total: number) => void;
  pageSize?: number;
  /** The store's promises about order; default: the SQLite store's (gapless, clock never back). */
  order?: OrderRules;
  witness?: Witness;
}

/** Narrows content findings to the columns that differ from a witness copy whose hash matches. */
async function narrowWithWitness(
  failures: { finding: Finding; event: RecordedEvent }[],
  witness: Witness,
): Promise<void> {
  for (const { finding, event } of failures) {
    if (finding.columns.length === 1) continue;
    const original = await witness(event);
    if (original === null || eventHash(original) !== event.hash) continue;
    const columns = differingColumns(event, original);
    if (columns.length === 0) continue;
    finding.columns = columns;
    finding.reason = `${columns.join(', ')} changed after the event was written (the backup copy, whose hash matches, says otherwise)`;
  }
}

/**
 * Everything the file alone can show: gapless positions, the order in time, per-stream
 * revisions, every hash and chain link, and the Merkle digest. Names every event that does not
 * match (the first one first) and the stored column the evidence points at. Reads the log once;
 * memory is one entry per stream. What the file cannot show (its own last events deleted, or a
 * rewrite that recomputes every hash) needs an outside anchor: `ledger verify --against`.
 */
export async function verifyLedger(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const total = (await store.headPosition()) + 1;
  const order = options.order ?? { gapless: true, monotonicTime: true };
  const state = newLogState();
  const pending = new Map<string, Finding>();
  const tree = new MerkleAccumulator();
  const failures: { finding: Finding; event: RecordedEvent }[] = [];
  let checked = 0;
  for await (const page of readLogPages(store, { pageSize: options.pageSize ?? 2000 })) {
    for (const event of page) {
      const previous = state.previous?.event;
      for (const finding of checkEvent(event, state, order, pending)) {
        if (failures.length >= MAX_FAILURES) break;
        failures.push({ finding, event: finding.eventId === event.eventId ? event : (previous ?? event) });
      }
      tree.add(Buffer.from(event.hash, 'hex'));
      checked++;
      if (options.onProgress && checked % 10_000 === 0) options.onProgress(checked, total);
    }
  }
  options.onProgress?.(checked, Math.max(total, checked));
  if (options.witness) await narrowWithWitness(failures, options.witness);
  const findings = failures.map((f) => f.finding);
  return {
    ok: findings.length === 0,
    eventsChecked: checked,
    streams: state.streams.size,
    firstFailure: findings[0] ?? null,
    failures: findings,
    digest: { treeSize: tree.size, rootHash: tree.root().toString('hex') },
  };
}

/** A witness that looks events up by id in another store (say, last night's backup file). */
export function storeWitness(backup: EventStore): Witness {
  return async (stored) => {
    const events = await backup.readStream(stored.streamId);
    const byId = events.find((e) => e.eventId === stored.eventId);
    if (byId) return byId;
    // The stream id itself may be what changed: fall back to the backup's log at that position.
    const atPosition = await backup.readAt(stored.position);
    return atPosition?.eventId === stored.eventId ? atPosition : null;
  };
}
