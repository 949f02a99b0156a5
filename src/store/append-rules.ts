import { z } from 'zod';
import { EventMetadata, type NewEvent, type RecordedEvent } from '../domain/envelope.js';
import {
  ConcurrencyError,
  DuplicateEventError,
  type ExpectedRevision,
  type FieldIssue,
  fieldIssues,
  ValidationError,
} from '../errors.js';
import { sealEvents } from './hash-chain.js';
import { plainNewEvent, seenParts } from './plain-new-event.js';

/**
 * Rules every store adapter applies to an append before touching storage, kept in one place so
 * the SQLite and EventStoreDB adapters reject exactly the same inputs with the same errors.
 */

export const NewEventInput = EventMetadata.extend({
  type: z.string().min(1).max(200),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
});

const ExpectedRevisionInput = z.union([
  z.enum(['any', 'no_stream', 'stream_exists']),
  z.number().int().min(-1),
]);

/** A stream id: non-empty and bounded, so ids fit any adapter's stream naming. */
const StreamIdInput = z.string().min(1).max(500);

/** An event ready to be sealed: metadata normalised (defaults applied) and data as stored JSON. */
export interface PreparedEvent {
  event: NewEvent;
  /** The data serialised once; the store keeps this text and hashes its parsed form. */
  dataJson: string;
}

/**
 * Validates an append's inputs and normalises each event. `data` is round-tripped through JSON
 * so that what is hashed is exactly what a later read returns (a Date or an `undefined` member
 * would otherwise hash differently from its stored form and fail verification forever).
 * Duplicate ids inside one append are rejected: they could never be stored at two places.
 */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): PreparedEvent[] {
  const issues: FieldIssue[] = [];
  const stream = StreamIdInput.safeParse(streamId);
  if (!stream.success) issues.push(...fieldIssues(stream.error, 'streamId'));
  const expected = ExpectedRevisionInput.safeParse(expectedRevision);
  if (!expected.success) issues.push(...fieldIssues(expected.error, 'expectedRevision'));
  const seen = new Set<string>();
  const parts = seenParts();
  const prepared: PreparedEvent[] = [];
  events.forEach((raw, i) => {
    // The plain check first (plain-new-event.ts); the schema decides, and names, anything else.
    let event = plainNewEvent(raw, parts);
    if (event === null) {
      const parsed = NewEventInput.safeParse(raw);
      if (!parsed.success) {
        issues.push(...fieldIssues(parsed.error, `events.${i}`));
        return;
      }
      event = parsed.data;
    }
    if (seen.has(event.eventId)) {
      issues.push({
        path: `events.${i}.eventId`,
        message: `duplicate event id ${event.eventId} in one append`,
      });
    }
    seen.add(event.eventId);
    let dataJson: string;
    try {
      dataJson = JSON.stringify(event.data ?? null);
    } catch (error) {
      // BigInt or a cycle: not JSON, so it can be neither stored nor hashed.
      issues.push({ path: `events.${i}.data`, message: `is not JSON: ${String(error)}` });
      return;
    }
    // `event` is a fresh object (the parse's or the plain check's): its data is replaced by the
    // stored form in place.
    event.data = JSON.parse(dataJson);
    prepared.push({ event, dataJson });
  });
  if (issues.length > 0) throw new ValidationError('invalid append', issues);
  return prepared;
}

/**
 * Checks `expected` against the stream's current revision (-1 when missing) and throws a
 * ConcurrencyError on mismatch. A number n means "the stream's last event is at revision n";
 * -1 is accepted as a synonym of `no_stream`.
 */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number): void {
  if (!matchesExpected(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
}

/** Whether a stream at revision `actual` (-1 when missing) satisfies `expected` (checkExpectedRevision). */
export function matchesExpected(expected: ExpectedRevision, actual: number): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && actual === -1) ||
    (expected === 'stream_exists' && actual >= 0) ||
    expected === actual
  );
}

/**
 * What an append finds of its own ids already stored in its stream, and what it does about it:
 * - `none`: nothing stored, append everything;
 * - `all`: every id stored here at consecutive revisions in order: the append already happened
 *   (a retry after a lost acknowledgement), a no-op with the stored events;
 * - `prefix`: the first k ids stored here at the stream's last k revisions, k one of the places
 *   the adapter cuts this append at (`cuts`: EventStoreDB writes a large append in batches;
 *   SQLite never cuts, one transaction), each the same event (re-sealed at its stored place,
 *   time and link it gives its stored hash), the rest nowhere: an append cut off part-way,
 *   which the re-run completes by appending the rest after them.
 * Any other overlap is a DuplicateEventError naming a stored id. Ids stored in another stream
 * are the caller's to refuse before this (each adapter finds them its own way).
 */
export type StoredOutcome =
  | { kind: 'none' }
  | { kind: 'all'; events: RecordedEvent[] }
  | { kind: 'prefix'; events: RecordedEvent[] };

export function judgeStored(
  streamId: string,
  prepared: readonly PreparedEvent[],
  /** The i-th id's event as stored in this stream, if it is. */
  found: readonly (RecordedEvent | undefined)[],
  headRevision: number,
  /** The prefix lengths at which this adapter may have been cut off writing this append. */
  cuts: ReadonlySet<number> = new Set(),
): StoredOutcome {
  const count = found.filter((e) => e !== undefined).length;
  if (count === 0) return { kind: 'none' };
  const first = found[0];
  const stored = found.slice(0, count);
  const inPlace =
    first !== undefined && stored.every((e, i) => e !== undefined && e.revision === first.revision + i);
  const events = stored.filter((e): e is RecordedEvent => e !== undefined);
  if (inPlace && count === prepared.length) return { kind: 'all', events };
  const atEnd = events.at(-1)?.revision === headRevision;
  if (
    inPlace &&
    atEnd &&
    cuts.has(count) &&
    events.every((e, i) => sameEvent(streamId, prepared[i]?.event, e))
  ) {
    return { kind: 'prefix', events };
  }
  const named = found.find((e) => e !== undefined)?.eventId ?? '';
  throw new DuplicateEventError(named, streamId);
}

/** Whether `event` sealed at `stored`'s revision, time and link is exactly `stored`. */
function sameEvent(streamId: string, event: NewEvent | undefined, stored: RecordedEvent): boolean {
  if (!event || event.eventId !== stored.eventId) return false;
  const [resealed] = sealEvents(streamId, [event], stored.revision, stored.prevHash, stored.recordedAt);
  return resealed?.hash === stored.hash;
}
