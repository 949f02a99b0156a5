import type { RecordedEvent as EsdbRecordedEvent, JSONType } from '@eventstore/db-client';
import { z } from 'zod';
import { Actor, type RecordedEvent } from '../domain/envelope.js';
import { BusinessDate, Instant, Sha256Hex } from '../domain/fields.js';
import { Provenance } from '../domain/provenance.js';
import { CorruptEventError } from '../errors.js';
import { uuidToUlid } from './eventstoredb-ids.js';
import { positionToNumber, revisionToNumber } from './eventstoredb-mapping.js';

/**
 * The ledger envelope carried in an EventStoreDB event's metadata. The server keeps stream,
 * revision, id (as a UUID), type and position itself; everything else the ledger needs to
 * recompute the hash (docs/architecture.md: Events and the envelope; Integrity) travels here. `$correlationId`/`$causationId` are
 * EventStoreDB's own conventional keys, written too so its tooling ($by_correlation_id, the
 * admin UI) understands the events; the ledger reads only its own keys.
 */
export const EnvelopeMetadata = z.strictObject({
  /** Version of this metadata layout, so a later layout can be told apart on read. */
  ledgerEnvelope: z.literal(1),
  schemaVersion: z.number().int().positive(),
  effectiveOn: BusinessDate,
  recordedAt: Instant,
  actor: Actor,
  correlationId: z.string().max(200).nullable(),
  causationId: z.string().max(200).nullable(),
  /** Absent on events written live and on events written before provenance existed. */
  provenance: Provenance.optional(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
  $correlationId: z.string().optional(),
  $causationId: z.string().optional(),
});
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadata>;

/** The metadata to store for a sealed event. */
export function toEnvelopeMetadata(event: Omit<RecordedEvent, 'position'>): EnvelopeMetadata {
  return {
    ledgerEnvelope: 1,
    schemaVersion: event.schemaVersion,
    effectiveOn: event.effectiveOn,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    ...(event.provenance === undefined ? {} : { provenance: event.provenance }),
    prevHash: event.prevHash,
    hash: event.hash,
    ...(event.correlationId === null ? {} : { $correlationId: event.correlationId }),
    ...(event.causationId === null ? {} : { $causationId: event.causationId }),
  };
}

/**
 * Event data as the client's JSON type. Data reaching the adapter has already been through
 * JSON (append-rules.ts); a bare number, boolean or null is wrapped by nothing and refused,
 * because EventStoreDB's JSON events are objects, arrays or strings.
 */
export function toJsonData(data: unknown): JSONType {
  if (typeof data === 'string' || Array.isArray(data)) return data;
  if (isRecord(data)) return data;
  throw new TypeError('event data must be a JSON object, array or string to be stored in EventStoreDB');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes an event read from the server into the port's RecordedEvent, or throws
 * CorruptEventError naming it. Metadata is parsed, never cast: the database may hold events
 * written by another version of the ledger, or by something that is not the ledger at all.
 */
export function fromEsdbEvent(event: EsdbRecordedEvent): RecordedEvent {
  let eventId: string;
  try {
    eventId = uuidToUlid(event.id);
  } catch {
    throw new CorruptEventError(event.id, event.type, 'event id is not a UUID');
  }
  if (!event.isJson) throw new CorruptEventError(eventId, event.type, 'data is not JSON');
  const metadata = EnvelopeMetadata.safeParse(event.metadata);
  if (!metadata.success) {
    const issue = metadata.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(metadata)'}: ${issue.message}` : 'invalid';
    throw new CorruptEventError(
      eventId,
      event.type,
      `envelope metadata does not match its schema (${where})`,
    );
  }
  if (!event.position) {
    throw new CorruptEventError(
      eventId,
      event.type,
      'the server returned no log position (needs 22.6 or later)',
    );
  }
  const m = metadata.data;
  try {
    return {
      eventId,
      type: event.type,
      schemaVersion: m.schemaVersion,
      streamId: event.streamId,
      revision: revisionToNumber(event.revision),
      position: positionToNumber(event.position),
      effectiveOn: m.effectiveOn,
      recordedAt: m.recordedAt,
      actor: m.actor,
      correlationId: m.correlationId,
      causationId: m.causationId,
      ...(m.provenance === undefined ? {} : { provenance: m.provenance }),
      data: event.data,
      prevHash: m.prevHash,
      hash: m.hash,
    };
  } catch (error) {
    throw new CorruptEventError(eventId, event.type, error instanceof Error ? error.message : String(error));
  }
}
