import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { contentHash } from '../lib/hash.js';

/** What the first event of every stream chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything the hash covers: the whole envelope and data, except `position` and `hash` itself. */
export type HashedFields = Omit<RecordedEvent, 'position' | 'hash'>;

export function eventHash(fields: HashedFields): string {
  const covered = {
    eventId: fields.eventId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    streamId: fields.streamId,
    revision: fields.revision,
    effectiveOn: fields.effectiveOn,
    recordedAt: fields.recordedAt,
    actor: fields.actor,
    correlationId: fields.correlationId,
    causationId: fields.causationId,
    // Absent (undefined) is dropped by canonicalJson: events without provenance hash as before.
    provenance: fields.provenance,
    data: fields.data,
    prevHash: fields.prevHash,
  };
  return contentHash(covered);
}

/**
 * Seals new events onto a stream: assigns revisions from `nextRevision`, stamps `recordedAt`,
 * and chains each hash to the previous. Both store adapters call this inside their append, so
 * a chain is identical whichever store holds it. Positions are the store's to add.
 */
export function sealEvents(
  streamId: string,
  events: NewEvent[],
  nextRevision: number,
  prevHash: string,
  recordedAt: string,
): Omit<RecordedEvent, 'position'>[] {
  let previous = prevHash;
  return events.map((event, i) => {
    const fields: HashedFields = {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId,
      revision: nextRevision + i,
      effectiveOn: event.effectiveOn,
      recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      ...(event.provenance === undefined ? {} : { provenance: event.provenance }),
      data: event.data,
      prevHash: previous,
    };
    const hash = eventHash(fields);
    previous = hash;
    return { ...fields, hash };
  });
}
