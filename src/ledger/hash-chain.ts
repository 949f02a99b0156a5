import { createHash } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';

/** What the first event of every stream chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does), no
 * whitespace, so the same envelope always hashes the same whichever store or process wrote it.
 * `undefined` members are dropped, like JSON. Written as plain loops because it runs for every
 * event appended and verified (it was the largest cost of a bulk append after the commit).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item: unknown = Reflect.get(value, key);
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

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
    data: fields.data,
    prevHash: fields.prevHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
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
      data: event.data,
      prevHash: previous,
    };
    const hash = eventHash(fields);
    previous = hash;
    return { ...fields, hash };
  });
}
