import type { NewEvent } from '../domain/envelope.js';
import type { AppendResult, EventStore, ExpectedRevision } from './event-store.js';

/** One stream's part of a multi-stream append: its events and the revision they were decided on. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

/** How one stream's append ended: its result, or the error it alone failed with. */
export type StreamAppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * Appends the events of many streams in shared commits, where the store can (docs/architecture.md,
 * Store, "Many streams in one commit"). Each stream's append is judged on its own, exactly as a
 * single `append` is (idempotency and resume, then its `expectedRevision`): a conflict or
 * duplicate fails only that stream, and the others are written. The outcomes come back in order,
 * once every append has settled.
 *
 * Every append is submitted in the same turn of the event loop, before any of them is awaited.
 * On SQLite that is the group commit's batch (`group-commit.ts`): the streams are written in
 * this order inside ONE `BEGIN IMMEDIATE` transaction, each in its own savepoint, and share one
 * fsync; a crash keeps all of them or none. EventStoreDB has no transaction across streams: the
 * appends go to the server concurrently, each its own write, so a crash may keep any subset of
 * them (each stream whole or not at all), which the importer's resume already handles.
 */
export async function appendStreams(
  store: EventStore,
  appends: readonly StreamAppend[],
): Promise<StreamAppendOutcome[]> {
  const pending = appends.map((a) => {
    try {
      return store.append(a.streamId, a.events, { expectedRevision: a.expectedRevision });
    } catch (error) {
      // An adapter that validates before its first await throws here rather than rejecting.
      return Promise.reject(error);
    }
  });
  const settled = await Promise.allSettled(pending);
  return settled.map((s) =>
    s.status === 'fulfilled' ? { ok: true, result: s.value } : { ok: false, error: s.reason },
  );
}
