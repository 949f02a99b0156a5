import type { z } from 'zod';
import { compileTypeBody, InternTables } from '../../../projections/runtime/trusted-body-check.js';
import { isLedgerEventType, LedgerEventBody } from '../../domain/ledger-event.js';
import { fieldIssues, ValidationError } from '../../errors.js';
import { fieldProblem } from './refusal-words.js';

/** A compiled check of one type's body (`data`), or null where zod must decide (a correction's fields). */
type BodyCheck = ((data: Record<string, unknown>) => boolean) | null;

/**
 * The import's runtime guard on what its deciders return, before anything is stamped or
 * appended. The importer parses each command once and stamps the decided bodies without the
 * catalogue's second parse (`stampDecided`, src/app/stamp.ts); a decider bug on a path no test
 * input reaches would then be stored, and found only when the ledger reads it back
 * (`CorruptEventError`). So each body gets the replay's structural check, compiled from the same
 * zod schemas (`trusted-body-check.ts`: exact keys, kinds, enum members, lengths, no
 * whitespace a trim would remove; ids and dates by their own schema once per distinct value),
 * at a fraction of a parse's cost.
 *
 * Whatever that check does not plainly accept goes to the catalogue's parse, which decides:
 * its value (the same body, or the one the API's `stamp` would store: texts trimmed) is what
 * is stamped, or its first issue is thrown as a `ValidationError` naming the event, the field
 * and the problem. The import reports it against the row and appends nothing.
 *
 * One per import: its memo of checked ids and dates lives as long as the import.
 */
export class DecidedBodyCheck {
  private readonly checks = new Map<string, BodyCheck>();
  /** Ids and dates already checked, for as long as the import. */
  private readonly seen = new InternTables();
  /** Bodies the compiled check left to zod (corrections, texts starting or ending outside ASCII, bad ones). */
  delegated = 0;

  /** The bodies to stamp: `bodies` itself when every one plainly passes; throws on the first the catalogue refuses. */
  bodies(bodies: LedgerEventBody[]): LedgerEventBody[] {
    let out = bodies;
    for (let i = 0; i < bodies.length; i++) {
      const body = bodies[i] as LedgerEventBody;
      if (this.accepts(body)) continue;
      this.delegated++;
      const parsed = LedgerEventBody.safeParse(body);
      if (!parsed.success) throw refused(body, i, parsed.error);
      if (out === bodies) out = [...bodies];
      out[i] = parsed.data;
    }
    return out;
  }

  private accepts(body: LedgerEventBody): boolean {
    const { type, data } = body as { type: unknown; data: unknown };
    if (typeof type !== 'string' || typeof data !== 'object' || data === null) return false;
    // The body itself is a strict object too: anything beside type and data would be stamped.
    for (const key in body) if (key !== 'type' && key !== 'data') return false;
    let check = this.checks.get(type);
    if (check === undefined) {
      check = isLedgerEventType(type) ? compileTypeBody(type, this.seen) : null;
      this.checks.set(type, check);
    }
    return check?.(data as Record<string, unknown>) === true;
  }
}

/** The catalogue's first issue with the i-th decided body, in words, with every issue for machines. */
function refused(body: LedgerEventBody, index: number, error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  const path = issue?.path ?? [];
  const where = ['events', index, ...path].map(String).join('.');
  const type = typeof body?.type === 'string' ? body.type : 'unknown';
  const article = /^[AEIOU]/i.test(type) ? 'an' : 'a';
  const problem = fieldProblem(path, issue?.code ?? 'invalid', issue?.message ?? 'is invalid');
  return new ValidationError(
    `the ledger decided ${article} ${type} event it would refuse to read back: ${problem} (${where}: ${issue?.message ?? 'invalid'}), a fault of the ledger rather than of the file: report it with the file`,
    fieldIssues(error, `events.${index}`),
  );
}
