import type { z } from 'zod';
import { aggregateOf, type FoldedStream } from '../../app/aggregates.js';
import { attachContext, type ContextLookup } from '../../app/command-context.js';
import { stampDecided } from '../../app/stamp.js';
import type { NewEvent, RecordedEvent } from '../../domain/envelope.js';
import { BusinessDate } from '../../domain/fields.js';
import { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { LedgerEvent, LedgerEventBody } from '../../domain/ledger-event.js';
import type { PlanRef } from '../../domain/plan-commands.js';
import { LedgerError, RuleViolation } from '../../errors.js';
import { GENESIS_HASH } from '../../store/hash-chain.js';
import { ALREADY_TRUE, isRepeatedUpdate } from './already-true.js';
import { decideAsPaper } from './as-reported.js';
import { correctionOf } from './correction-of.js';
import type { DecidedStream, ImportMetadata, Tally } from './decide-plan.js';
import type { DecidedBodyCheck } from './decided-body-check.js';
import { importEventId } from './import-ids.js';
import type { ImportPlan, PlannedCommand, PlannedStream } from './planned-command.js';
import { asApplies } from './planned-command.js';
import type { PlannedCommandCheck } from './planned-command-check.js';
import { fieldProblem } from './refusal-words.js';

/** Cross-stream facts, learnt from the streams decided so far (inspections and plans come first). */
export interface Known {
  inspections: Set<string>;
  plans: Map<string, PlanRef>;
}

/** The facts this import knows of, for commands decided before anything is appended. */
const lookupIn = (known: Known): ContextLookup => ({
  inspection: (id) => (known.inspections.has(id) ? { inspectionId: id } : null),
  plan: (id) => known.plans.get(id) ?? null,
});

/**
 * The importer's one validation of a planned command (the document is its edge): the command as
 * a caller would send it, and its business date. Reported against the line it came from. The
 * parsed command (texts trimmed, as the API's deciders get them) is what is decided, so the
 * bodies decided from it need no second parse (`stampDecided`, src/app/stamp.ts), only the
 * cheaper compiled check (`decided-body-check.ts`).
 */
function validated(
  planned: PlannedCommand,
  compiled: PlannedCommandCheck,
): { command: LedgerCommandInput } | { problem: string } {
  // What plainly passes is what the parse would return (planned-command-check.ts); the parse
  // decides, and words, anything else.
  const plain = compiled.command(planned.command);
  if (plain !== null && compiled.date(planned.effectiveOn)) return { command: plain };
  const command = LedgerCommandInput.safeParse(planned.command);
  if (!command.success) return { problem: problemOf(command.error.issues, null) };
  const date = BusinessDate.safeParse(planned.effectiveOn);
  if (!date.success) return { problem: problemOf(date.error.issues, ['effectiveOn']) };
  return { command: command.data };
}

/** The first issue, in words; `path` when the value checked is not the command (its date). */
function problemOf(issues: readonly z.core.$ZodIssue[], path: PropertyKey[] | null): string {
  const issue = issues[0];
  return fieldProblem(path ?? issue?.path ?? [], issue?.code ?? 'invalid', issue?.message ?? 'is invalid');
}

/**
 * Folds one stream (what the store holds, then what this import decides) and decides each planned
 * command against the state so far — the same aggregates, deciders and stamp as every other
 * write, so the same rules and the same events.
 */
export function decideStream(
  stream: PlannedStream,
  records: readonly RecordedEvent[],
  plan: ImportPlan,
  meta: ImportMetadata,
  known: Known,
  out: Tally,
  check: DecidedBodyCheck,
  commandCheck: PlannedCommandCheck,
): { folded: FoldedStream; decided: DecidedStream | null } {
  let folded = aggregateOf(stream.kind).fold(records);
  const stored = new Set(records.map((r) => r.eventId));
  const revision = records.at(-1)?.revision ?? -1;
  const events: NewEvent[] = [];
  // One failure per row; what depends on a refusal is counted against it (`row-refusals.ts`).
  const fail = out.refusals.forStream(stream);
  const judged = correctionOf(stream, records, plan, meta.refuseCorrections ?? false);
  // One per stream, not per command: it reads `known` when asked.
  const lookup = lookupIn(known);
  stream.commands.forEach((asPlanned, index) => {
    // A stream with nothing stored (every stream of a first import) has no id to look for.
    if (stored.size > 0 && stored.has(importEventId(plan.sourceId, stream.streamId, index))) {
      out.alreadyImported++;
      return;
    }
    // Owners and due dates of an item an earlier paper brought are changes this paper reports.
    const applies = asApplies(asPlanned, records.length > 0);
    if (applies === null) return;
    // A fact the ledger already holds, or holds differently (then a correction, or refused).
    const verdict = judged(index);
    if (verdict.kind === 'held') {
      out.alreadyTrue++;
      return;
    }
    if (verdict.kind !== 'new') out.corrections.push(verdict.correction);
    if (verdict.kind === 'refused') {
      out.refusals.add(verdict.failure);
      return;
    }
    const planned = verdict.kind === 'correct' ? verdict.planned : applies;
    if (isRepeatedUpdate(planned, records)) {
      out.alreadyTrue++;
      return;
    }
    const valid = validated(planned, commandCheck);
    if (!('command' in valid)) {
      fail(planned, 'validation', valid.problem);
      return;
    }
    let bodies: LedgerEventBody[];
    try {
      const decided = decideAsPaper(
        (metadata) => folded.decide({ metadata, ...attachContext(valid.command, lookup) }),
        planned,
        records.length > 0,
      );
      // Stamped without a second parse, so checked here: a decider bug is refused, not stored.
      bodies = check.bodies(decided.bodies);
      if (decided.warning) out.asReported.push(decided.warning);
    } catch (error) {
      if (error instanceof RuleViolation && ALREADY_TRUE.has(error.rule)) {
        out.alreadyTrue++;
        return;
      }
      if (!(error instanceof LedgerError)) throw error;
      fail(planned, error instanceof RuleViolation ? error.rule : error.code, error.message);
      return;
    }
    const stamped = stampDecided(bodies, {
      // A method, not an arrow property: tsx names every arrow it creates (a defineProperty each).
      eventId(i) {
        return importEventId(plan.sourceId, stream.streamId, index, i);
      },
      effectiveOn: planned.effectiveOn,
      actor: meta.actor,
      correlationId: meta.correlationId,
      // Every event points at the row it came from.
      causationId: `${meta.correlationId}:line:${planned.line ?? 0}`.slice(0, 200),
      provenance: {
        digest: plan.file.digest,
        fileName: plan.file.name.slice(0, 255),
        ...planned.provenance,
      },
    });
    for (const event of stamped) {
      events.push(event);
      // The store sets these; the fold only needs ids, dates and bodies. They come before the
      // spread: keys added after a spread take V8's slow path (measured ~10 µs an event, a third of
      // deciding an import).
      const asStored: LedgerEvent = {
        streamId: stream.streamId,
        revision: revision + events.length,
        position: -1,
        recordedAt: '1970-01-01T00:00:00.000Z',
        prevHash: GENESIS_HASH,
        hash: GENESIS_HASH,
        ...event,
      };
      folded = folded.evolve(asStored);
    }
  });
  const decided =
    events.length === 0
      ? null
      : {
          streamId: stream.streamId,
          label: stream.label,
          expectedRevision: revision === -1 ? ('no_stream' as const) : revision,
          events,
        };
  return { folded, decided };
}
