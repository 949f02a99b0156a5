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
  return coveredText(fields, null);
}

/**
 * The canonical texts of the last actor and provenance objects one seal met. An append's events
 * share them (one actor per append, one provenance per imported row: `prepareAppend` makes one
 * copy of each per append), so each is written once per append, not once per event. Kept for one
 * `sealEvents` call only: a caller may change an object between two appends.
 */
interface SharedTexts {
  actor: unknown;
  actorText: string;
  provenance: unknown;
  provenanceText: string;
}

/**
 * `hashedText`, members written in HASHED_KEYS' order (a test holds it equal to canonicalJson of
 * the covered object); with `shared`, the actor's and provenance's texts are reused while the
 * objects are the same.
 */
function coveredText(f: HashedFields, shared: SharedTexts | null): string {
  const { actor, provenance } = f;
  // Every event has an actor; anything else is written by the plain loop, exactly as defined.
  if (actor === undefined) return loopText(f);
  let actorText: string;
  if (shared === null) actorText = canonicalJson(actor);
  else if (shared.actor === actor) actorText = shared.actorText;
  else {
    actorText = canonicalJson(actor);
    shared.actor = actor;
    shared.actorText = actorText;
  }
  let out = `{"actor":${actorText}`;
  if (f.causationId !== undefined) out += `,"causationId":${canonicalJson(f.causationId)}`;
  if (f.correlationId !== undefined) out += `,"correlationId":${canonicalJson(f.correlationId)}`;
  if (f.data !== undefined) out += `,"data":${canonicalJson(f.data)}`;
  if (f.effectiveOn !== undefined) out += `,"effectiveOn":${canonicalJson(f.effectiveOn)}`;
  if (f.eventId !== undefined) out += `,"eventId":${canonicalJson(f.eventId)}`;
  if (f.prevHash !== undefined) out += `,"prevHash":${canonicalJson(f.prevHash)}`;
  if (provenance !== undefined) {
    let text: string;
    if (shared === null) text = canonicalJson(provenance);
    else if (shared.provenance === provenance) text = shared.provenanceText;
    else {
      text = canonicalJson(provenance);
      shared.provenance = provenance;
      shared.provenanceText = text;
    }
    out += `,"provenance":${text}`;
  }
  if (f.recordedAt !== undefined) out += `,"recordedAt":${canonicalJson(f.recordedAt)}`;
  if (f.revision !== undefined) out += `,"revision":${canonicalJson(f.revision)}`;
  if (f.schemaVersion !== undefined) out += `,"schemaVersion":${canonicalJson(f.schemaVersion)}`;
  if (f.streamId !== undefined) out += `,"streamId":${canonicalJson(f.streamId)}`;
  if (f.type !== undefined) out += `,"type":${canonicalJson(f.type)}`;
  return `${out}}`;
}

/** The definition written as a loop over HASHED_KEYS (a value without an actor). */
function loopText(fields: HashedFields): string {
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
  const shared: SharedTexts = { actor: undefined, actorText: '', provenance: undefined, provenanceText: '' };
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
    sealed.hash = sha256Hex(coveredText(sealed, shared));
    previous = sealed.hash;
    return sealed;
  });
}
