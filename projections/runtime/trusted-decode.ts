import type { z } from 'zod';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { BusinessDate } from '../../src/domain/fields.js';
import {
  CURRENT_SCHEMA_VERSION,
  decodeEvent,
  isLedgerEventType,
  type LedgerEvent,
  LedgerEventBody,
  type LedgerEventType,
} from '../../src/domain/ledger-event.js';

/**
 * `decodeEvent` for events the runner reads from the ledger's own store or journal: they were
 * validated by the deciders on the way in and are hash-chained, so re-running every zod schema
 * on every replay (most of a rebuild's decode time) buys nothing. Instead each current-version
 * body gets a structural check compiled once from its zod schema: exact key set, value kinds,
 * enum members, string lengths, and no whitespace a `.trim()` would remove. Id and date
 * strings are checked with their own schema the first time a value is seen and interned, so
 * the index keeps one copy of each and the check costs a Map lookup afterwards.
 *
 * Anything the check does not plainly accept (an old schema version to upcast, an unknown or
 * newer type, a body that fails, a type with nested structure such as corrections) goes to
 * `decodeEvent`, which decides: the same value it would have returned, or its
 * CorruptEventError. So nothing is accepted here that `decodeEvent` would refuse, except
 * values it would have normalised identically.
 *
 * A decoder instance owns its intern tables: one per index being built.
 */
export class TrustedDecoder {
  private readonly types = new Map<string, TypeCheck | null>();
  /** Validated strings per format schema (ids, dates): value → the one shared copy. */
  private readonly formats = new Map<z.ZodType, Map<string, string>>();
  private readonly actors = new Map<string, RecordedEvent['actor']>();
  private readonly dateSchema = BusinessDate;

  decode(record: RecordedEvent): LedgerEvent {
    const type = record.type;
    let check = this.types.get(type);
    if (check === undefined) {
      check = isLedgerEventType(type) ? compileType(type, this) : null;
      this.types.set(type, check);
    }
    const data = record.data;
    if (
      check === null ||
      record.schemaVersion !== check.version ||
      typeof data !== 'object' ||
      data === null ||
      !check.accepts(data as Record<string, unknown>)
    ) {
      return decodeEvent(record);
    }
    // A fresh envelope (not `record` itself): the runner journals the record it was given,
    // and a compacting index drops fields of the event it keeps.
    return {
      eventId: record.eventId,
      type: check.type,
      schemaVersion: check.version,
      streamId: record.streamId,
      revision: record.revision,
      position: record.position,
      effectiveOn: this.intern(this.dateSchema, record.effectiveOn) ?? record.effectiveOn,
      recordedAt: record.recordedAt,
      actor: this.actor(record.actor),
      correlationId: record.correlationId,
      causationId: record.causationId,
      ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
      data,
      prevHash: record.prevHash,
      hash: record.hash,
    } as LedgerEvent;
  }

  /**
   * The shared copy of `value` once `schema` accepts it; undefined when it does not. Memory:
   * one entry per distinct id or date, which the index holds anyway.
   */
  intern(schema: z.ZodType, value: string): string | undefined {
    let table = this.formats.get(schema);
    if (!table) {
      table = new Map();
      this.formats.set(schema, table);
    }
    const known = table.get(value);
    if (known !== undefined) return known;
    if (!schema.safeParse(value).success) return undefined;
    table.set(value, value);
    return value;
  }

  /** Actors repeat (a few keys and importers write everything): keep one frozen copy of each. */
  private actor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
    const key = `${actor.id}\u0000${actor.method}\u0000${actor.requestId}\u0000${actor.claimedName}`;
    const known = this.actors.get(key);
    // `${null}` and "null" share a key: compare the fields themselves before sharing.
    if (
      known !== undefined &&
      known.id === actor.id &&
      known.method === actor.method &&
      known.requestId === actor.requestId &&
      known.claimedName === actor.claimedName
    )
      return known;
    if (this.actors.size < 10_000) this.actors.set(key, Object.freeze(actor));
    return actor;
  }
}

interface TypeCheck {
  type: LedgerEventType;
  version: number;
  /** True when the body plainly satisfies the type's schema (and has been interned in place). */
  accepts(data: Record<string, unknown>): boolean;
}

/** Checks one value; may return an interned replacement (a string), or NO when it fails. */
type FieldCheck = (value: unknown) => unknown;
const NO = Symbol('no');

function compileType(type: LedgerEventType, decoder: TrustedDecoder): TypeCheck | null {
  const option = LedgerEventBody.options.find((o) => o.shape.type.value === type);
  const shape = (option?.shape.data as unknown as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  if (!shape) return null;
  const fields: { key: string; check: FieldCheck; optional: boolean }[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const optional = kindOf(schema) === 'optional';
    const check = compileField(optional ? inner(schema) : schema, decoder);
    if (!check) return null; // nested structure (corrections' fields, arrays): zod decides
    fields.push({ key, check, optional });
  }
  const known = new Set(fields.map((f) => f.key));
  return {
    type,
    version: CURRENT_SCHEMA_VERSION[type],
    accepts(data) {
      if (Array.isArray(data)) return false;
      for (const key in data) if (!known.has(key)) return false; // strict objects
      for (const f of fields) {
        const value = data[f.key];
        if (value === undefined) {
          if (f.optional && !Object.hasOwn(data, f.key)) continue;
          return false;
        }
        const checked = f.check(value);
        if (checked === NO) return false;
        if (checked !== value) data[f.key] = checked;
      }
      return true;
    },
  };
}

type Def = { type: string; innerType?: z.ZodType; checks?: { _zod: { def: { check: string } } }[] };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const kindOf = (schema: z.ZodType): string => defOf(schema).type;
const inner = (schema: z.ZodType): z.ZodType => defOf(schema).innerType as z.ZodType;

function compileField(schema: z.ZodType, decoder: TrustedDecoder): FieldCheck | null {
  const def = defOf(schema);
  switch (def.type) {
    case 'nullable': {
      const check = compileField(inner(schema), decoder);
      return check && ((value) => (value === null ? null : check(value)));
    }
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : NO);
    case 'enum': {
      const options = new Set<unknown>((schema as unknown as { options: unknown[] }).options);
      return (value) => (options.has(value) ? value : NO);
    }
    case 'string':
      return compileString(schema, def, decoder);
    default:
      return null;
  }
}

function compileString(schema: z.ZodType, def: Def, decoder: TrustedDecoder): FieldCheck | null {
  const checks = (def.checks ?? []).map((c) => c._zod.def.check);
  if (checks.includes('string_format')) {
    // Ids and dates: the schema itself, once per distinct value.
    return (value) => (typeof value === 'string' ? (decoder.intern(schema, value) ?? NO) : NO);
  }
  // 'overwrite' is the `.trim()` of ShortText / LongText (the only overwrite the ledger's
  // schemas use); `trimmable` below sends anything it could change to zod.
  const known = new Set(['overwrite', 'min_length', 'max_length']);
  if (!checks.every((c) => known.has(c))) return null;
  const { minLength, maxLength } = schema as unknown as {
    minLength: number | null;
    maxLength: number | null;
  };
  const min = minLength ?? 0;
  const max = maxLength ?? Number.POSITIVE_INFINITY;
  return (value) =>
    typeof value === 'string' && value.length >= min && value.length <= max && !trimmable(value) ? value : NO;
}

/**
 * True when `.trim()` might change the string: its first or last character is ASCII
 * whitespace/control or outside ASCII (where Unicode spaces live). Conservative: such strings
 * simply go to zod.
 */
function trimmable(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first <= 32 || first >= 127 || last <= 32 || last >= 127;
}
