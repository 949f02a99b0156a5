import { z } from 'zod';
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
import type { ReplayedEvent } from '../../src/store/event-store.js';

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
 * newer type, a body that fails, a type whose body it cannot see into, such as a correction's
 * free-form `fields`) goes to
 * `decodeEvent`, which decides: the same value it would have returned, or its
 * CorruptEventError. So nothing is accepted here that `decodeEvent` would refuse, except
 * values it would have normalised identically.
 *
 * A decoder instance owns its intern tables: one per index being built.
 */
export class TrustedDecoder {
  private readonly types = new Map<string, TypeCheck | null>();
  /** Validated strings per format schema (ids, dates): value → the one shared copy. */
  private readonly formats = new Map<z.core.$ZodType, Map<string, string>>();
  private readonly actors = new Map<string, RecordedEvent['actor']>();
  private readonly sharedActors = new Map<RecordedEvent['actor'], RecordedEvent['actor']>();
  private readonly dateSchema = BusinessDate;
  private readonly dates = this.tableOf(BusinessDate);
  /** How many records went to `decodeEvent` (old versions, nested bodies, anything not plainly valid). */
  delegated = 0;

  decode(record: RecordedEvent | ReplayedEvent): LedgerEvent {
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
      this.delegated++;
      return decodeEvent(whole(record));
    }
    const full = 'hash' in record ? record : null;
    // A fresh envelope (not `record` itself): the runner journals the record it was given,
    // and a compacting index drops fields of the event it keeps.
    return {
      eventId: record.eventId,
      type: check.type,
      schemaVersion: check.version,
      streamId: record.streamId,
      revision: record.revision,
      position: record.position,
      effectiveOn:
        this.dates.get(record.effectiveOn) ??
        this.admit(this.dateSchema, this.dates, record.effectiveOn) ??
        record.effectiveOn,
      recordedAt: record.recordedAt,
      actor: this.actor(record.actor),
      correlationId: full?.correlationId ?? null,
      causationId: full?.causationId ?? null,
      ...(record.provenance === undefined ? {} : { provenance: record.provenance }),
      data,
      prevHash: full?.prevHash ?? NOT_READ,
      hash: full?.hash ?? NOT_READ,
    } as LedgerEvent;
  }

  /**
   * The shared copy of `value` once `schema` accepts it; undefined when it does not. Memory:
   * one entry per distinct id or date, which the index holds anyway.
   */
  intern(schema: z.core.$ZodType, value: string): string | undefined {
    const table = this.tableOf(schema);
    return table.get(value) ?? this.admit(schema, table, value);
  }

  /** The shared copies of the values `schema` accepted (a compiled check holds its table). */
  tableOf(schema: z.core.$ZodType): Map<string, string> {
    let table = this.formats.get(schema);
    if (!table) {
      table = new Map();
      this.formats.set(schema, table);
    }
    return table;
  }

  /** A value not seen before: kept (and returned) when `schema` accepts it unchanged. */
  admit(schema: z.core.$ZodType, table: Map<string, string>, value: string): string | undefined {
    const parsed = z.safeParse(schema, value);
    // A value the schema would rewrite is left to `decodeEvent`, which returns the rewrite.
    if (!parsed.success || parsed.data !== value) return undefined;
    table.set(value, value);
    return value;
  }

  /** Actors repeat (a few keys and importers write everything): keep one frozen copy of each. */
  private actor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
    // A replay's reader shares one frozen actor per text (sqlite-replay.ts): known by identity.
    const same = this.sharedActors.get(actor);
    if (same !== undefined) return same;
    const kept = this.keptActor(actor);
    if (Object.isFrozen(actor) && this.sharedActors.size < 10_000) this.sharedActors.set(actor, kept);
    return kept;
  }

  private keptActor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
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

/**
 * A replay does not read the hashes or the correlation and causation ids (`ReplayedEvent`):
 * the index keeps none of them (verification reads the store), so the event carries these.
 */
const NOT_READ = '';

function whole(record: RecordedEvent | ReplayedEvent): RecordedEvent {
  return 'hash' in record
    ? record
    : { ...record, correlationId: null, causationId: null, prevHash: NOT_READ, hash: NOT_READ };
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

/** The event types whose current bodies the decoder checks itself; the rest always go to zod. */
export function trustedEventTypes(): LedgerEventType[] {
  const decoder = new TrustedDecoder();
  return Object.keys(CURRENT_SCHEMA_VERSION).filter(
    (type): type is LedgerEventType => isLedgerEventType(type) && compileType(type, decoder) !== null,
  );
}

function compileType(type: LedgerEventType, decoder: TrustedDecoder): TypeCheck | null {
  const option = LedgerEventBody.options.find((o) => o.shape.type.value === type);
  const accepts = option ? compileBody(option.shape.data, decoder) : null;
  return accepts && { type, version: CURRENT_SCHEMA_VERSION[type], accepts };
}

/*
 * The compiler reads schemas only through zod's public, typed API: the schema classes
 * (`instanceof z.ZodString`, …), `unwrap()`, `options`, `shape`, `minLength` / `maxLength`,
 * `def.checks` and the check classes of `z.core`. Whatever it does not recognise (a new kind,
 * a check it does not know, a `.refine()` on plain text) compiles to null: zod decides. A zod
 * release that renamed any of these would make types fall back to zod (slower, never wrong);
 * `trustedEventTypes` and its test say so loudly.
 */

/** A check of a whole body (a strict object of flat fields), or null when zod must decide. */
export function compileBody(
  schema: z.core.$ZodType,
  decoder: TrustedDecoder,
): ((data: Record<string, unknown>) => boolean) | null {
  if (!(schema instanceof z.ZodObject)) return null;
  // A rule on the whole object (a correction must correct something) is zod's to apply.
  if ((schema.def.checks ?? []).length > 0) return null;
  const fields: { key: string; check: FieldCheck; optional: boolean }[] = [];
  for (const [key, field] of Object.entries<z.core.$ZodType>(schema.shape)) {
    const optional = field instanceof z.ZodOptional;
    const check = compileField(field instanceof z.ZodOptional ? field.unwrap() : field, decoder);
    if (!check) return null; // what it cannot see into (a correction's fields): zod decides
    fields.push({ key, check, optional });
  }
  const known = new Set(fields.map((f) => f.key));
  return (data) => {
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
  };
}

function compileField(schema: z.core.$ZodType, decoder: TrustedDecoder): FieldCheck | null {
  if (schema instanceof z.ZodNullable) {
    const check = compileField(schema.unwrap(), decoder);
    return check && ((value) => (value === null ? null : check(value)));
  }
  if (schema instanceof z.ZodBoolean) return (value) => (typeof value === 'boolean' ? value : NO);
  // A marker such as `asReported: true` is a literal: its own values are the whole check.
  if (schema instanceof z.ZodLiteral) {
    const values = new Set<unknown>(schema.values);
    return (value) => (values.has(value) ? value : NO);
  }
  if (schema instanceof z.ZodEnum) {
    const options = new Set<unknown>(schema.options);
    return (value) => (options.has(value) ? value : NO);
  }
  // A list of ids: each element by its own check (interned in place); the list's own length
  // rules are not public, so zod checks the list itself (cheap next to the whole event).
  if (schema instanceof z.ZodArray) {
    const each = compileField(schema.element, decoder);
    return (
      each &&
      ((value) => {
        if (!Array.isArray(value) || !z.safeParse(schema, value).success) return NO;
        for (let i = 0; i < value.length; i++) {
          const checked = each(value[i]);
          if (checked === NO) return NO;
          if (checked !== value[i]) value[i] = checked;
        }
        return value;
      })
    );
  }
  // A nested strict object (a report's ledger digest): the same check as a body.
  if (schema instanceof z.ZodObject) {
    const body = compileBody(schema, decoder);
    return (
      body &&
      ((value) =>
        typeof value === 'object' && value !== null && body(value as Record<string, unknown>) ? value : NO)
    );
  }
  // Numbers are rare in bodies; their bounds are zod's to check (it returns the same number).
  if (schema instanceof z.ZodNumber)
    return (value) => (typeof value === 'number' && z.safeParse(schema, value).success ? value : NO);
  // A format schema (z.iso.datetime(), …) is its own check; so is any string with a format check.
  if (schema instanceof z.ZodStringFormat) return formatted(schema, decoder);
  if (schema instanceof z.ZodString) return compileString(schema, decoder);
  return null;
}

/** Ids and dates: the schema itself, once per distinct value, interned. */
function formatted(schema: z.core.$ZodType, decoder: TrustedDecoder): FieldCheck {
  const table = decoder.tableOf(schema);
  return (value) =>
    typeof value === 'string' ? (table.get(value) ?? decoder.admit(schema, table, value) ?? NO) : NO;
}

function compileString(schema: z.ZodString, decoder: TrustedDecoder): FieldCheck | null {
  const checks = schema.def.checks ?? [];
  if (checks.some((c) => c instanceof z.core.$ZodCheckStringFormat)) return formatted(schema, decoder);
  const plain = (c: z.core.$ZodCheck<never>) =>
    c instanceof z.core.$ZodCheckMinLength ||
    c instanceof z.core.$ZodCheckMaxLength ||
    c instanceof z.core.$ZodCheckOverwrite;
  if (!checks.every(plain)) return null;
  if (checks.some((c) => c instanceof z.core.$ZodCheckOverwrite) && !leavesPlainTextAlone(schema))
    return null;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  return (value) =>
    typeof value === 'string' && value.length >= min && value.length <= max && !trimmable(value) ? value : NO;
}

/**
 * An overwrite's function is not public, so what it does is tried instead: the check above
 * accepts only text that `trimmable` passes, so the overwrite must leave such text as it is
 * (`.trim()` does; `.toLowerCase()`, `.normalize()` and the like do not, and go to zod).
 */
const PLAIN_TEXT = [
  'Ab',
  'a B c',
  'Zz 9.',
  'Re\u0301sume\u0301 e\u0301',
  'caf\u00e9 \u00a0x',
  'I\u0130\u0131i',
];
function leavesPlainTextAlone(schema: z.ZodString): boolean {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fitting = PLAIN_TEXT.filter((text) => text.length >= min && text.length <= max);
  return (
    fitting.length > 0 &&
    fitting.every((text) => {
      const parsed = schema.safeParse(text);
      return parsed.success && parsed.data === text;
    })
  );
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
