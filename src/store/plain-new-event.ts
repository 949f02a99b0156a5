import { type Actor, EventMetadata, type NewEvent } from '../domain/envelope.js';
import { DateBasis, type Provenance } from '../domain/provenance.js';
import { isBusinessDate, plainActor, ULID } from './sqlite-rows.js';

/**
 * The fast path of `prepareAppend`'s envelope check (append-rules.ts), as `plainRow` is for
 * reads: an event that plainly satisfies the append's schema (EventMetadata plus type,
 * schemaVersion and data) comes back as the schema's parse would return it — a fresh object,
 * actor and provenance rebuilt in the schema's key order, so their stored JSON is the same
 * text — and anything else is null, which sends it to the zod parse, which then decides and
 * names what is wrong. Everything accepted here is accepted by the schema with the same values
 * (a property test holds the two equal). An import appends ~70,000 events; the schema parse
 * (with its copies of actor and provenance) was most of the cost of preparing them.
 */

const DATE_BASES: ReadonlySet<unknown> = new Set(DateBasis.options);
const SHA256 = /^[0-9a-f]{64}$/;
const EVENT_KEYS: ReadonlySet<string> = new Set([
  ...Object.keys(EventMetadata.shape),
  'type',
  'schemaVersion',
  'data',
]);

const isShortOrNull = (v: unknown): v is string | null =>
  v === null || (typeof v === 'string' && v.length <= 200);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function sameActor(value: unknown): Actor | null {
  const a = plainActor(value);
  return a && { id: a.id, method: a.method, requestId: a.requestId, claimedName: a.claimedName };
}

function sameColumn(value: unknown): Provenance['column'] | undefined {
  if (value === null) return null;
  if (!isPlainObject(value) || Object.keys(value).length !== 2) return undefined;
  const { number, title } = value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1 || number > 16_384)
    return undefined;
  if (!isShortOrNull(title)) return undefined;
  return { number, title };
}

function sameProvenance(value: unknown): Provenance | null {
  if (!isPlainObject(value) || Object.keys(value).length !== 7) return null;
  const { digest, fileName, sheet, line, dateStated, dateFrom } = value;
  const column = sameColumn(value.column);
  const ok =
    typeof digest === 'string' &&
    SHA256.test(digest) &&
    typeof fileName === 'string' &&
    fileName.length >= 1 &&
    fileName.length <= 255 &&
    isShortOrNull(sheet) &&
    (line === null || (typeof line === 'number' && Number.isSafeInteger(line) && line > 0)) &&
    column !== undefined &&
    typeof dateStated === 'boolean' &&
    DATE_BASES.has(dateFrom);
  if (!ok) return null;
  return {
    digest,
    fileName,
    sheet,
    line,
    column,
    dateStated,
    dateFrom: dateFrom as Provenance['dateFrom'],
  };
}

/** The actor and provenance copies made for one append, by the object they were made from. */
export interface SeenParts {
  actors: Map<unknown, Actor>;
  provenances: Map<unknown, Provenance>;
}

export const seenParts = (): SeenParts => ({ actors: new Map(), provenances: new Map() });

/**
 * `raw` as the append schema's parse returns it, or null when it is not plainly valid. One
 * append's events usually share their actor and provenance objects: `seen` remembers the
 * copies made for this append, so each is checked and copied once.
 */
export function plainNewEvent(raw: unknown, seen: SeenParts): NewEvent | null {
  if (!isPlainObject(raw)) return null;
  for (const key of Object.keys(raw)) if (!EVENT_KEYS.has(key)) return null;
  const { eventId, effectiveOn, correlationId, causationId, type, schemaVersion } = raw;
  const ok =
    typeof eventId === 'string' &&
    ULID.test(eventId) &&
    typeof effectiveOn === 'string' &&
    isBusinessDate(effectiveOn) &&
    isShortOrNull(correlationId) &&
    isShortOrNull(causationId) &&
    typeof type === 'string' &&
    type.length >= 1 &&
    type.length <= 200 &&
    typeof schemaVersion === 'number' &&
    Number.isSafeInteger(schemaVersion) &&
    schemaVersion > 0 &&
    Object.hasOwn(raw, 'data');
  if (!ok) return null;
  const actor = seen.actors.get(raw.actor) ?? sameActor(raw.actor);
  if (actor === null) return null;
  seen.actors.set(raw.actor, actor);
  let provenance: Provenance | undefined;
  if (Object.hasOwn(raw, 'provenance')) {
    const made = seen.provenances.get(raw.provenance) ?? sameProvenance(raw.provenance);
    if (made === null) return null;
    seen.provenances.set(raw.provenance, made);
    provenance = made;
  }
  // The schema's key order (EventMetadata, then type, schemaVersion, data).
  const data: unknown = raw.data;
  return provenance === undefined
    ? { eventId, effectiveOn, actor, correlationId, causationId, type, schemaVersion, data }
    : { eventId, effectiveOn, actor, correlationId, causationId, provenance, type, schemaVersion, data };
}
