import { type EventData, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { RecordedEvent } from '../domain/envelope.js';
import { ValidationError } from '../errors.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
import { ulidToUuid } from './eventstoredb-ids.js';
import { wireExpectedRevision } from './eventstoredb-mapping.js';
import { toEnvelopeMetadata, toJsonData } from './eventstoredb-metadata.js';

/**
 * EventStoreDB refuses an append larger than its maximum append size (1 MiB by default), every
 * time: an imported stream or a migration written in one append would fail on every re-run. So
 * an append is cut into batches under the limit, each written at the exact revision the
 * previous one left; a crash between batches leaves a prefix that the next attempt recognises
 * by its ids and hashes and completes (`judgeStored`, append-rules.ts). One event larger than the limit can never be stored and is refused up
 * front, naming it.
 */

/** Default bound per append: under the server's 1 MiB with room for the per-event framing. */
export const DEFAULT_MAX_APPEND_BYTES = 1_000_000;
/** gRPC framing, id and type per event, counted generously. */
const PER_EVENT_OVERHEAD = 256;

export interface WireEvent {
  sealed: Omit<RecordedEvent, 'position'>;
  data: EventData;
  bytes: number;
}

/** The client's event for a sealed one, and its size on the wire. */
export function toWire(sealed: Omit<RecordedEvent, 'position'>): WireEvent {
  const metadata = toEnvelopeMetadata(sealed);
  const data = jsonEvent({
    id: ulidToUuid(sealed.eventId),
    type: sealed.type,
    data: toJsonData(sealed.data),
    metadata,
  });
  const bytes =
    Buffer.byteLength(JSON.stringify(sealed.data)) +
    Buffer.byteLength(JSON.stringify(metadata)) +
    Buffer.byteLength(sealed.type) +
    PER_EVENT_OVERHEAD;
  return { sealed, data, bytes };
}

/** Consecutive batches of at most `maxBytes` each; a single event over the bound is a ValidationError. */
export function batchesOf(events: WireEvent[], maxBytes: number): WireEvent[][] {
  const batches: WireEvent[][] = [];
  let batch: WireEvent[] = [];
  let size = 0;
  events.forEach((event, i) => {
    if (event.bytes > maxBytes) {
      throw new ValidationError('event too large', [
        {
          path: `events.${i}.data`,
          message: `is ${event.bytes} bytes with its envelope; EventStoreDB stores at most ${maxBytes} per append`,
        },
      ]);
    }
    if (size + event.bytes > maxBytes && batch.length > 0) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(event);
    size += event.bytes;
  });
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Writes the events batch by batch, each at the exact revision the previous one left
 * (`current` before the first). `success: false` (throwOnAppendFailure=false, a legal
 * connection-string key) is turned into the WrongExpectedVersionError the client would throw.
 */
export async function writeBatches(
  client: EsdbClient,
  streamId: string,
  wire: WireEvent[],
  current: number,
  maxBytes: number,
  /** How many events are written so far (batches acknowledged), for a caller cleaning up after a failure. */
  progress: { written: number } = { written: 0 },
): Promise<void> {
  let revision = current;
  for (const batch of batchesOf(wire, maxBytes)) {
    const expectedOnWire = wireExpectedRevision(revision);
    const result = await client.appendToStream(
      streamId,
      batch.map((w) => w.data),
      { expectedRevision: expectedOnWire, ...ON_LEADER },
    );
    if (!result.success) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: streamId,
        expected: expectedOnWire,
        current: result.nextExpectedRevision < 0n ? NO_STREAM : result.nextExpectedRevision,
      });
    }
    revision += batch.length;
    progress.written += batch.length;
  }
}

/**
 * The number of events written after each batch but the last: the only places an append of
 * these events can be cut off. Sizes do not depend on the revision, time or hashes sealed (fixed
 * widths), so a re-run of the same append cuts at the same places.
 */
export function batchEnds(events: WireEvent[], maxBytes: number): Set<number> {
  const ends = new Set<number>();
  let written = 0;
  for (const batch of batchesOf(events, maxBytes).slice(0, -1)) {
    written += batch.length;
    ends.add(written);
  }
  return ends;
}
