import type { RecordedEvent } from '../domain/envelope.js';
import { DuplicateEventError } from '../errors.js';
import { judgeStored, type PreparedEvent, type StoredOutcome } from './append-rules.js';
import type { IdClaim } from './eventstoredb-id-claims.js';

/** The reads the check needs from the adapter. */
export interface StreamReader {
  readStream(streamId: string, options?: { fromRevision?: number; limit?: number }): Promise<RecordedEvent[]>;
}

/**
 * The idempotency and resume check on EventStoreDB, judged from the ids' claims (each names the
 * stream and revision its id was meant for): ids stored in another stream are a
 * DuplicateEventError, as on SQLite; ids stored here are judged by the rule both adapters share
 * (`judgeStored`: all of them → no-op; a whole number of this append's batches at the stream's
 * end, same content → resume; else DuplicateEventError). It costs one read of the claimed
 * range, never of the whole stream.
 */
export async function storedOnEsdb(
  reader: StreamReader,
  streamId: string,
  prepared: readonly PreparedEvent[],
  claims: Map<string, IdClaim>,
  headRevision: number,
  /** Where this append's batches end (eventstoredb-batches.ts, `batchEnds`). */
  cuts: () => ReadonlySet<number>,
): Promise<StoredOutcome> {
  const ids = prepared.map((p) => p.event.eventId);
  if (ids.length === 0) return { kind: 'none' };
  for (const [id, claim] of claims) {
    if (claim.released) continue;
    if (claim.owner !== streamId && (await streamHolds(reader, claim.owner, id, claim.revision))) {
      throw new DuplicateEventError(id, streamId);
    }
  }
  const ours = ids
    .map((id) => claims.get(id))
    .filter((c): c is IdClaim => c?.owner === streamId && !c.released);
  if (ours.length === 0) return { kind: 'none' };
  const revisions = ours.map((c) => c.revision);
  const known = revisions.every((r): r is number => r !== null);
  const from = known ? Math.max(0, Math.min(...revisions) - ids.length) : 0;
  const around = await reader.readStream(
    streamId,
    known ? { fromRevision: from, limit: ids.length * 3 } : {},
  );
  const byId = new Map(around.map((e) => [e.eventId, e]));
  return judgeStored(
    streamId,
    prepared,
    ids.map((id) => byId.get(id)),
    headRevision,
    cuts(),
  );
}

/** Whether `streamId` holds `eventId` (at `revision`, when the claim names one): one small read. */
export async function streamHolds(
  reader: StreamReader,
  streamId: string,
  eventId: string,
  revision: number | null,
): Promise<boolean> {
  const events =
    revision === null
      ? await reader.readStream(streamId)
      : await reader.readStream(streamId, { fromRevision: revision, limit: 1 });
  return events.some((e) => e.eventId === eventId);
}
