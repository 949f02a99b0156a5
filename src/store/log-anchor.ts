import { z } from 'zod';
import { Sha256Hex } from '../domain/fields.js';
import { isSystemStream } from '../domain/system-streams.js';
import type { EventStore } from './event-store.js';
import { readLogPages } from './read-log.js';

/**
 * What saved state (the index journal, a snapshot, any cache of the log) records about the
 * store it was built from: which ledger (the hash of its first event: another file has another
 * first event) and how far it got (the position and hash of the last event it folded). On
 * start, `checkAnchor` compares it with the store; any mismatch means the saved state is not
 * a prefix of this log, and must be discarded and rebuilt.
 */
export const LogAnchor = z.strictObject({
  /** Hash of the log's first event; null for a state built from an empty log. */
  firstHash: Sha256Hex.nullable(),
  /** Position of the last event folded; -1 when none. */
  position: z.number().int().min(-1),
  /** Hash of that event; null when none. */
  hash: Sha256Hex.nullable(),
});
export type LogAnchor = z.infer<typeof LogAnchor>;

const EMPTY: LogAnchor = { firstHash: null, position: -1, hash: null };

/** The anchor of a state that has folded everything up to `last` (null: nothing). */
export function anchorOf(
  firstHash: string | null,
  last: { position: number; hash: string } | null,
): LogAnchor {
  if (last === null) return EMPTY;
  return { firstHash, position: last.position, hash: last.hash };
}

/**
 * The hash of the store's first plan event, or null when there is none. The ledger's own
 * streams (keys, idempotency records) are skipped: saved read-model state never holds them, so
 * its first event is the first plan event.
 */
export async function firstHashOf(store: EventStore): Promise<string | null> {
  for await (const page of readLogPages(store, { pageSize: 100 })) {
    const first = page.find((event) => !isSystemStream(event.streamId));
    if (first) return first.hash;
  }
  return null;
}

export type AnchorCheck = { ok: true } | { ok: false; why: string };

/**
 * Whether saved state anchored at `anchor` is a prefix of the store's log: same first event,
 * and an event at the anchor's position with the anchor's hash. Cheap: two indexed reads.
 */
export async function checkAnchor(store: EventStore, anchor: LogAnchor): Promise<AnchorCheck> {
  if (anchor.position < 0) return { ok: true };
  const firstHash = await firstHashOf(store);
  if (firstHash === null) {
    return {
      ok: false,
      why: `the store is empty, but the saved state covers up to position ${anchor.position}`,
    };
  }
  if (anchor.firstHash !== null && firstHash !== anchor.firstHash) {
    return {
      ok: false,
      why: `the saved state was built from another ledger (its first event's hash is ${anchor.firstHash.slice(0, 12)}…, this file's is ${firstHash.slice(0, 12)}…)`,
    };
  }
  const head = await store.headPosition();
  if (head < anchor.position) {
    return {
      ok: false,
      why: `the saved state covers up to position ${anchor.position}, but the store ends at ${head}: an older copy of the ledger (a restored backup?) is in place`,
    };
  }
  const event = await store.readAt(anchor.position);
  if (!event || event.position !== anchor.position || event.hash !== anchor.hash) {
    return {
      ok: false,
      why: `the event at position ${anchor.position} is not the one the saved state folded (hash ${anchor.hash?.slice(0, 12)}…, now ${event?.position === anchor.position ? `${event.hash.slice(0, 12)}…` : 'missing'}): the ledger's tail was replaced or rewritten`,
    };
  }
  return { ok: true };
}
