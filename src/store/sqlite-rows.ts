import { z } from 'zod';
import { Actor, type RecordedEvent, StoreFields } from '../domain/envelope.js';
import { BusinessDate, Ulid } from '../domain/fields.js';
import { CorruptEventError } from '../errors.js';

/** The columns every event query selects, in the shape `EventRow` parses. */
export const EVENT_COLUMNS = `position, event_id, stream_id, revision, type, schema_version, effective_on,
  recorded_at, actor, correlation_id, causation_id, data, prev_hash, hash`;

/**
 * One row as SQLite returns it. Parsed rather than cast: the file may have been written by
 * another version of the ledger, or edited by hand, and a wrong envelope must surface as a
 * CorruptEventError naming the event, never as a silently wrong projection.
 */
const EventRow = z.object({
  position: StoreFields.shape.position,
  event_id: Ulid,
  stream_id: StoreFields.shape.streamId,
  revision: StoreFields.shape.revision,
  type: z.string().min(1),
  schema_version: z.number().int().positive(),
  effective_on: BusinessDate,
  recorded_at: StoreFields.shape.recordedAt,
  actor: z.string(),
  correlation_id: z.string().nullable(),
  causation_id: z.string().nullable(),
  data: z.string(),
  prev_hash: StoreFields.shape.prevHash,
  hash: StoreFields.shape.hash,
});

/** Just enough of a malformed row to name it in the error. */
const RowIdentity = z.object({ event_id: z.unknown(), type: z.unknown() }).partial();

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Decodes a raw row into a RecordedEvent, or throws CorruptEventError naming the event. */
export function decodeRow(raw: unknown): RecordedEvent {
  const parsed = EventRow.safeParse(raw);
  if (!parsed.success) {
    const identity = RowIdentity.safeParse(raw);
    const id = identity.success ? String(identity.data.event_id ?? '(unknown)') : '(unknown)';
    const type = identity.success ? String(identity.data.type ?? '(unknown)') : '(unknown)';
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(row)'}: ${issue.message}` : 'invalid row';
    throw new CorruptEventError(id, type, `envelope does not match its schema (${where})`);
  }
  const row = parsed.data;
  const data = parseJson(row.data);
  if (!data.ok)
    throw new CorruptEventError(row.event_id, row.type, `data is not valid JSON (${data.reason})`);
  const actorJson = parseJson(row.actor);
  if (!actorJson.ok) {
    throw new CorruptEventError(row.event_id, row.type, `actor is not valid JSON (${actorJson.reason})`);
  }
  const actor = Actor.safeParse(actorJson.value);
  if (!actor.success) throw new CorruptEventError(row.event_id, row.type, 'actor does not match its schema');
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    effectiveOn: row.effective_on,
    recordedAt: row.recorded_at,
    actor: actor.data,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    data: data.value,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
