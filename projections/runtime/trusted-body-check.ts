import { z } from 'zod';
import { LedgerEventBody, type LedgerEventType } from '../../src/domain/ledger-event.js';

/**
 * Where compiled checks keep the values a format schema accepted (the trusted decoder's intern
 * tables): one shared copy per distinct id or date.
 */
export interface Interner {
  tableOf(schema: z.core.$ZodType): Map<string, string>;
  admit(schema: z.core.$ZodType, table: Map<string, string>, value: string): string | undefined;
}

/**
 * The intern tables themselves, one per format schema: a value is admitted once its schema
 * accepts it unchanged, and is a Map look-up afterwards. The trusted decoder is one; the
 * import's guard on decided bodies keeps its own per import.
 */
export class InternTables implements Interner {
  private readonly formats = new Map<z.core.$ZodType, Map<string, string>>();

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
    // A value the schema would rewrite is left to the full parse, which returns the rewrite.
    if (!parsed.success || parsed.data !== value) return undefined;
    table.set(value, value);
    return value;
  }
}

/** The compiled check of one event type's current body, or null where zod must decide. */
export function compileTypeBody(
  type: LedgerEventType,
  interner: Interner,
): ((data: Record<string, unknown>) => boolean) | null {
  const option = LedgerEventBody.options.find((o) => o.shape.type.value === type);
  return option ? compileBody(option.shape.data, interner) : null;
}

/**
 * The compiled check of one field of a type's current body, true when it accepts the value as
 * it is (no interned replacement); null where zod must decide the field (or the type).
 */
export function compileTypeField(
  type: LedgerEventType,
  key: string,
  interner: Interner,
): ((value: unknown) => boolean) | null {
  if (compileTypeBody(type, interner) === null) return null;
  const option = LedgerEventBody.options.find((o) => o.shape.type.value === type);
  const field = (option?.shape.data.shape as Record<string, z.core.$ZodType> | undefined)?.[key];
  if (field === undefined || field instanceof z.ZodOptional) return null;
  const check = compileField(field, interner);
  return check && ((value) => check(value) === value);
}

/** Checks one value; may return an interned replacement (a string), or NO when it fails. */
type FieldCheck = (value: unknown) => unknown;
const NO = Symbol('no');

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
  decoder: Interner,
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

function compileField(schema: z.core.$ZodType, decoder: Interner): FieldCheck | null {
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
function formatted(schema: z.core.$ZodType, decoder: Interner): FieldCheck {
  const table = decoder.tableOf(schema);
  return (value) =>
    typeof value === 'string' ? (table.get(value) ?? decoder.admit(schema, table, value) ?? NO) : NO;
}

function compileString(schema: z.ZodString, decoder: Interner): FieldCheck | null {
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
