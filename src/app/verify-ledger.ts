import type { RecordedEvent } from '../domain/envelope.js';
import { consistencyProof, MerkleAccumulator } from '../lib/merkle.js';
import type { EventStore } from '../store/event-store.js';
import { eventHash, GENESIS_HASH } from '../store/hash-chain.js';
import { readLogPages } from '../store/read-log.js';

/** A signed-off fingerprint of the whole ledger: the Merkle root over the first `treeSize` events. */
export interface LedgerDigest {
  treeSize: number;
  /** RFC 6962 root over the event hashes in global order, hex. */
  rootHash: string;
}

export interface VerifyFailure {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  streams: number;
  /** The first event that does not match, in global order; null when everything matches. */
  firstFailure: VerifyFailure | null;
  digest: LedgerDigest;
}

type Progress = (done: number, total: number) => void;

/** The whole log, event by event, oldest first. */
async function* readLog(store: EventStore, pageSize: number): AsyncGenerator<RecordedEvent> {
  for await (const page of readLogPages(store, { pageSize })) yield* page;
}

function checkEvent(
  event: RecordedEvent,
  last: { revision: number; hash: string } | undefined,
): string | null {
  const expectedRevision = last ? last.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    return `revision ${event.revision} where ${expectedRevision} was expected: the stream has a gap or a duplicate`;
  }
  const expectedPrev = last ? last.hash : GENESIS_HASH;
  if (event.prevHash !== expectedPrev) {
    return `prevHash ${event.prevHash.slice(0, 12)}… does not chain to the previous event's hash ${expectedPrev.slice(0, 12)}…`;
  }
  const recomputed = eventHash(event);
  if (recomputed !== event.hash) {
    return `stored hash ${event.hash.slice(0, 12)}… differs from the recomputed ${recomputed.slice(0, 12)}…: the envelope or data was changed after it was written`;
  }
  return null;
}

/**
 * Recomputes every hash and every chain link, and the ledger digest, and names the first event
 * that does not match. Reads the log once; memory is one entry per stream.
 */
export async function verifyLedger(
  store: EventStore,
  options: { onProgress?: Progress; pageSize?: number } = {},
): Promise<VerifyReport> {
  const total = (await store.headPosition()) + 1;
  const lastByStream = new Map<string, { revision: number; hash: string }>();
  const tree = new MerkleAccumulator();
  let firstFailure: VerifyFailure | null = null;
  let checked = 0;
  let lastPosition = -1;
  for await (const event of readLog(store, options.pageSize ?? 2000)) {
    let reason = checkEvent(event, lastByStream.get(event.streamId));
    if (!reason && event.position <= lastPosition)
      reason = `position ${event.position} is not after ${lastPosition}`;
    if (reason && !firstFailure) {
      firstFailure = {
        eventId: event.eventId,
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        reason,
      };
    }
    lastPosition = event.position;
    lastByStream.set(event.streamId, { revision: event.revision, hash: event.hash });
    tree.add(Buffer.from(event.hash, 'hex'));
    checked++;
    if (options.onProgress && checked % 10_000 === 0) options.onProgress(checked, total);
  }
  options.onProgress?.(checked, Math.max(total, checked));
  return {
    ok: firstFailure === null,
    eventsChecked: checked,
    streams: lastByStream.size,
    firstFailure,
    digest: { treeSize: tree.size, rootHash: tree.root().toString('hex') },
  };
}

/** The digest over the first `treeSize` events (default: all of them). */
export async function computeDigest(store: EventStore, treeSize?: number): Promise<LedgerDigest> {
  const tree = new MerkleAccumulator();
  for await (const event of readLog(store, 5000)) {
    if (treeSize !== undefined && tree.size >= treeSize) break;
    tree.add(Buffer.from(event.hash, 'hex'));
  }
  if (treeSize !== undefined && tree.size < treeSize) {
    throw new RangeError(
      `the ledger holds ${tree.size} events, fewer than the tree size ${treeSize} asked for`,
    );
  }
  return { treeSize: tree.size, rootHash: tree.root().toString('hex') };
}

export interface ConsistencyProof {
  oldSize: number;
  newSize: number;
  newRootHash: string;
  /** RFC 6962 consistency proof nodes, hex. */
  proof: string[];
}

/** Proves that the ledger as it was at `oldSize` events is a prefix of the ledger today. */
export async function proveConsistency(store: EventStore, oldSize: number): Promise<ConsistencyProof> {
  const entries: Buffer[] = [];
  for await (const event of readLog(store, 5000)) entries.push(Buffer.from(event.hash, 'hex'));
  if (oldSize > entries.length) {
    throw new RangeError(
      `the ledger holds ${entries.length} events, fewer than the old tree size ${oldSize}`,
    );
  }
  const tree = new MerkleAccumulator();
  for (const e of entries) tree.add(e);
  return {
    oldSize,
    newSize: entries.length,
    newRootHash: tree.root().toString('hex'),
    proof: consistencyProof(oldSize, entries).map((b) => b.toString('hex')),
  };
}
