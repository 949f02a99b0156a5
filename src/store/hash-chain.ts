import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { canonicalJson } from '../lib/canonical-json.js';
import { sha256Hex } from '../lib/hash.js';

/** What the first event of every stream chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything the hash covers: the whole envelope and data, except `position` and `hash` itself. */
export type HashedFields = Omit<RecordedEvent, 'position' | 'hash'>;

/**
 * The members the hash covers, in canonical (sorted) key order; a test checks the order is
 * `sort()`'s. Writing them in this fixed order is canonicalJson of the covered object without
 * building that object and sorting its keys for every event appended or verified.
 */
export const HASHED_KEYS = [
  'actor',
  'causationId',
  'correlationId',
  'data',
  'effectiveOn',
  'eventId',
  'prevHash',
  'provenance',
  'recordedAt',
  'revision',
  'schemaVersion',
  'streamId',
  'type',
] as const satisfies readonly (keyof HashedFields)[];

/**
 * The text an event's hash is the SHA-256 of: canonicalJson of its hashed fields (docs/architecture.md,
 * Integrity). An undefined member is left out, as canonicalJson drops it: events without
 * provenance hash as they did before it existed.
 */
export function hashedText(fields: HashedFields): string {
  let out = '{';
  for (const key of HASHED_KEYS) {
    const value: unknown = fields[key];
    if (value === undefined) continue;
    out += `${out.length === 1 ? '' : ','}"${key}":${canonicalJson(value)}`;
  }
  return `${out}}`;
}

export function eventHash(fields: HashedFields): string {
  return sha256Hex(hashedText(fields));
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
    const sealed: Omit<RecordedEvent, 'position'> = {
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
      data: event.data,
      prevHash: previous,
      hash: '',
    };
    // Added after the literal, not spread inside it: the keys after a spread took V8's slow path
    // for every event sealed. Only imported events carry it; the hash's key order is fixed anyway.
    if (event.provenance !== undefined) sealed.provenance = event.provenance;
    sealed.hash = eventHash(sealed);
    previous = sealed.hash;
    return sealed;
  });
}
