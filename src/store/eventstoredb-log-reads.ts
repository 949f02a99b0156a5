import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  FORWARDS,
  type ReadPosition,
  START,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../domain/envelope.js';
import { LedgerError, ValidationError } from '../errors.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
import {
  isLedgerStream,
  isTransientConnectionError,
  numberToPosition,
  positionToNumber,
} from './eventstoredb-mapping.js';
import { fromEsdbEvent } from './eventstoredb-metadata.js';

/**
 * Reading the global log (`$all`) on EventStoreDB, for the port's readAll, readAt, readTail and
 * headPosition. Positions are byte offsets in the server's transaction log: only a record's own
 * position is a place the server can start reading from (a number inside a record is an error on
 * the server, "invalid position"). The port's cursor is exclusive and names the last event the
 * reader has, which is always a record's position, so a page costs one call. System records
 * and the ledger's id claims share the log and are skipped.
 */

/** Events per read of $all: bounds memory, however long the log. */
const PAGE = 500;
/** Events per backward read when looking for the head: usually the first few hold a ledger event. */
const HEAD_PAGE = 32;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const read = (client: EsdbClient, fromPosition: ReadPosition, maxCount: number, backwards = false) =>
  collect<AllStreamResolvedEvent>(
    client.readAll({
      fromPosition,
      maxCount,
      direction: backwards ? BACKWARDS : FORWARDS,
      resolveLinkTos: false,
      ...ON_LEADER,
    }),
  );

export function checkCursor(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) {
    throw new ValidationError(`invalid ${name}`, [{ path: name, message: `must be an integer ≥ ${min}` }]);
  }
}

/**
 * The ledger events with position > `after`, up to `limit`. Starts at `after`'s own record (one
 * call per page). A number the server cannot start at is either past the log's last record (an
 * empty page, as on SQLite) or inside a record: a ValidationError naming `after`. Telling the two
 * apart costs one more read of one record, so no cursor ever scans the log.
 */
export async function readAllAfter(
  client: EsdbClient,
  after: number,
  limit: number,
): Promise<RecordedEvent[]> {
  if (limit === 0) return [];
  if (after < 0) return readForwards(client, START, -1, limit);
  try {
    return await readForwards(client, numberToPosition(after), after, limit);
  } catch (error) {
    // A connection failure or an unreadable event would fail the same way again.
    if (isTransientConnectionError(error) || error instanceof LedgerError) throw error;
    const [last] = await read(client, END, 1, true);
    if (!last?.event || after >= positionToNumber(last.event.position)) return [];
    throw new ValidationError('invalid after', [
      {
        path: 'after',
        message: `${after} is not the position of an event in this ledger (a cursor from another store?); page on from the position of the last event you read, or from the start`,
      },
    ]);
  }
}

async function readForwards(
  client: EsdbClient,
  start: ReadPosition,
  after: number,
  limit: number,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let cursor = start;
  let seen: bigint | null = null;
  for (;;) {
    const page = await read(client, cursor, PAGE);
    let last: AllStreamResolvedEvent['event'];
    for (const { event } of page) {
      if (!event) continue;
      last = event;
      if (seen !== null && event.position.commit <= seen) continue;
      if (!isLedgerStream(event.streamId)) continue;
      const recorded = fromEsdbEvent(event);
      if (recorded.position <= after) continue;
      out.push(recorded);
      if (out.length >= limit) return out;
    }
    if (page.length < PAGE || !last) return out;
    cursor = last.position;
    seen = last.position.commit;
  }
}

/** The ledger event at exactly `position`, or null: one read of one record. */
export async function readAtPosition(client: EsdbClient, position: number): Promise<RecordedEvent | null> {
  try {
    const [found] = await read(client, numberToPosition(position), 1);
    const event = found?.event;
    if (!event || !isLedgerStream(event.streamId) || positionToNumber(event.position) !== position)
      return null;
    return fromEsdbEvent(event);
  } catch (error) {
    if (isTransientConnectionError(error) || error instanceof LedgerError) throw error;
    // Not a record's position: no event is there.
    return null;
  }
}

type RawEvent = NonNullable<AllStreamResolvedEvent['event']>;

/**
 * The ledger's records newest first, read backwards from the end in pages that grow from 32,
 * so the head usually costs one small read.
 */
async function* newestFirst(client: EsdbClient, firstPage: number): AsyncGenerator<RawEvent> {
  let cursor: ReadPosition = END;
  let size = Math.min(PAGE, Math.max(HEAD_PAGE, firstPage));
  let seen: bigint | null = null;
  for (;;) {
    const page = await read(client, cursor, size, true);
    for (const { event } of page) {
      // A page's first record is the previous page's last one, already looked at.
      if (!event || (seen !== null && event.position.commit >= seen)) continue;
      if (isLedgerStream(event.streamId)) yield event;
    }
    const last = page.at(-1)?.event;
    if (page.length < size || !last) return;
    cursor = last.position;
    seen = last.position.commit;
    size = Math.min(PAGE, size * 4);
  }
}

/** The last `count` ledger events, oldest first. */
export async function readTailEvents(client: EsdbClient, count: number): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  if (count === 0) return out;
  for await (const event of newestFirst(client, count)) {
    out.push(fromEsdbEvent(event));
    if (out.length >= count) break;
  }
  return out.reverse();
}

/** The position of the last ledger event; -1 when none. */
export async function headOfLog(client: EsdbClient): Promise<number> {
  for await (const event of newestFirst(client, HEAD_PAGE)) return positionToNumber(event.position);
  return -1;
}
