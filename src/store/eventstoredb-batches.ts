import { type EventData, jsonEvent } from '@eventstore/db-client';
import type { RecordedEvent } from '../domain/envelope.js';
import { ValidationError } from '../errors.js';
import { ulidToUuid } from './eventstoredb-ids.js';
import { toEnvelopeMetadata, toJsonData } from './eventstoredb-metadata.js';

/**
 * EventStoreDB refuses an append larger than its maximum append size (1 MiB by default), every
 * time: an imported stream or a migration written in one append would fail on every re-run. So
 * an append is cut into batches under the limit, each written at the exact revision the
 * previous one left; a crash between batches leaves a prefix that the next attempt completes
 * (eventstoredb-store.ts). One event larger than the limit can never be stored and is refused up
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
