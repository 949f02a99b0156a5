import type { RecordedEvent } from '../domain/envelope.js';
import { ValidationError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';

/**
 * A reader's cursor into the global log (`GET /events?after=`, `Last-Event-ID` on `GET /stream`):
 * the store's exclusive `after`. The store refuses a number it cannot place in its log (on
 * EventStoreDB, one inside a record, such as a position from another store) with a
 * ValidationError naming `after`; here it is re-addressed to the request's parameter, so the
 * 400 names what the caller sent.
 */
export function inRequestTerms(error: unknown, path: string): unknown {
  if (error instanceof ValidationError && error.issues.some((i) => i.path === 'after')) {
    return new ValidationError(
      error.message,
      error.issues.map((i) => (i.path === 'after' ? { ...i, path } : i)),
    );
  }
  return error;
}

/** Pages of the log, with a refused cursor named as the request's parameter. */
export async function* readingFrom(
  pages: AsyncGenerator<RecordedEvent[]>,
  path: string,
): AsyncGenerator<RecordedEvent[]> {
  try {
    yield* pages;
  } catch (error) {
    throw inRequestTerms(error, path);
  }
}

/**
 * Resolves a cursor a live stream is to resume after: an event's position in this ledger (or
 * the head) is kept; a number past the head or inside a record is a ValidationError naming
 * `path`. A resumed stream would otherwise wait for positions this ledger has not reached and
 * skip everything before them, or (EventStoreDB) fail when it subscribes. Two small reads.
 */
export async function resolveResumeCursor(store: EventStore, after: number, path: string): Promise<number> {
  const head = await store.headPosition();
  if (after > head) {
    throw new ValidationError(`invalid ${path}`, [
      {
        path,
        message: `${after} is after the last event of this ledger (position ${head}): it comes from another ledger or a newer copy; reconnect without it to follow from now`,
      },
    ]);
  }
  try {
    await store.readAll({ after, limit: 1 });
  } catch (error) {
    throw inRequestTerms(error, path);
  }
  return after;
}
