import { aggregateOf, type FoldedStream } from '../../app/aggregates.js';
import { attachContext, type ContextLookup } from '../../app/command-context.js';
import { stamp } from '../../app/stamp.js';
import type { Actor, NewEvent, RecordedEvent } from '../../domain/envelope.js';
import { BusinessDate } from '../../domain/fields.js';
import { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { LedgerEvent, LedgerEventBody } from '../../domain/ledger-event.js';
import type { PlanRef } from '../../domain/plan-commands.js';
import { LedgerError, RuleViolation } from '../../errors.js';
import type { ExpectedRevision } from '../../store/event-store.js';
import { GENESIS_HASH } from '../../store/hash-chain.js';
import type { LineNote } from '../parsed-document.js';
import { decideAsPaper } from './as-reported.js';
import { correctionOf } from './correction-of.js';
import { importEventId } from './import-ids.js';
import type { ImportCorrection, ImportFailure } from './import-report.js';
import { asApplies, type ImportPlan, type PlannedCommand, type PlannedStream } from './planned-command.js';
import { fieldProblem, refusalSentence } from './refusal-words.js';

/**
 * Refusals that mean "the ledger already holds this fact" (a later export re-states what an
 * earlier one recorded): the command is left out and counted, the import goes on. Any other
 * refusal fails the whole document.
 */
const ALREADY_TRUE: ReadonlySet<string> = new Set([
  'inspection.already_registered',
  'plan.already_opened',
  'item.already_received',
  'item.owner_unchanged',
  'item.response_unchanged',
  'item.rag_unchanged',
  'item.due_date_unchanged',
  'item.already_complete',
  'item.already_not_applicable',
  'item.joint_unchanged',
  'board.already_presented',
  // A later export lists the item in the plan it was already transferred to.
  'item.transfer_to_same_plan',
  // A later export reports open an item the ledger holds as open.
  'item.not_closed',
]);

/** Who and why, stamped on every event of the import. */
export interface ImportMetadata {
  actor: Actor;
  /** The import id. */
  correlationId: string;
  /** `--no-corrections`: a fact the ledger holds differently for the same date fails the import. */
  refuseCorrections?: boolean;
}

/** The events one stream gets, appended in one call at exactly the revision they were decided on. */
export interface DecidedStream {
  readonly streamId: string;
  readonly label: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: NewEvent[];
}

export interface DecidedImport {
  /** Only streams with new events, in the plan's order. */
  readonly streams: DecidedStream[];
  readonly alreadyImported: number;
  readonly alreadyTrue: number;
  readonly failures: ImportFailure[];
  /** Facts recorded as the paper reported them though the ledger held the item closed, by row (`as-reported.ts`). */
  readonly asReported: LineNote[];
  /** Facts the paper states differently from the ledger (`correction-of.ts`). */
  readonly corrections: ImportCorrection[];
}

type Tally = {
  alreadyImported: number;
  alreadyTrue: number;
  failures: ImportFailure[];
  asReported: LineNote[];
  corrections: ImportCorrection[];
};

/** Cross-stream facts, learnt from the streams decided so far (inspections and plans come first). */
interface Known {
  inspections: Set<string>;
  plans: Map<string, PlanRef>;
  /** Plans whose opening was refused, with that refusal: their items' refusals are its knock-on. */
  refusedPlans: Map<string, ImportFailure>;
  /** How many later commands each root refusal kept from being tried. */
  knockOn: Map<ImportFailure, number>;
}

/** The refused plan a command depends on: the plan an item is received into, a plan a report presents. */
function refusedPlanOf(p: PlannedCommand, known: Known): ImportFailure | undefined {
  const { command } = p;
  if (command.type === 'ReceiveRecommendation') return known.refusedPlans.get(command.data.planId);
  if (command.type === 'PresentBoardReport') {
    for (const planId of command.data.planIds) {
      const refused = known.refusedPlans.get(planId);
      if (refused) return refused;
    }
  }
  return undefined;
}

/** The command that creates its stream: refused, nothing after it in the stream can be decided. */
const CREATES = new Set(['RegisterInspection', 'OpenPlan', 'ReceiveRecommendation']);

/** The facts this import knows of, for commands decided before anything is appended. */
const lookupIn = (known: Known): ContextLookup => ({
  inspection: (id) => (known.inspections.has(id) ? { inspectionId: id } : null),
  plan: (id) => known.plans.get(id) ?? null,
});

/** An update already in the stream with the same date and text (from another export) is not posted again. */
function isRepeatedUpdate(planned: PlannedCommand, records: readonly RecordedEvent[]): boolean {
  const { command } = planned;
  if (command.type !== 'PostUpdate') return false;
  return records.some(
    (r) =>
      r.type === 'UpdatePosted' &&
      r.effectiveOn === planned.effectiveOn &&
      typeof r.data === 'object' &&
      r.data !== null &&
      'text' in r.data &&
      r.data.text === command.data.text,
  );
}

/**
 * The importer's one validation of a planned command (the document is its edge): the command as
 * a caller would send it, and its business date. Reported against the line it came from.
 */
function invalidity(planned: PlannedCommand): string | null {
  const command = LedgerCommandInput.safeParse(planned.command);
  const date = BusinessDate.safeParse(planned.effectiveOn);
  const issue = command.error?.issues[0] ?? date.error?.issues[0];
  if (issue === undefined) return null;
  const path = command.success ? ['effectiveOn'] : issue.path;
  return fieldProblem(path, issue.code, issue.message);
}

/**
 * Folds one stream (what the store holds, then what this import decides) and decides each planned
 * command against the state so far — the same aggregates, deciders and stamp as every other
 * write, so the same rules and the same events.
 */
function decideStream(
  stream: PlannedStream,
  records: readonly RecordedEvent[],
  plan: ImportPlan,
  meta: ImportMetadata,
  known: Known,
  out: Tally,
): { folded: FoldedStream; decided: DecidedStream | null } {
  let folded = aggregateOf(stream.kind).fold(records);
  const stored = new Set(records.map((r) => r.eventId));
  const revision = records.at(-1)?.revision ?? -1;
  const events: NewEvent[] = [];
  // One refusal is one root error: what depends on it (the rest of its stream, the items of a
  // refused plan) is counted against it, not reported again as "does not exist" / "not found".
  let root: ImportFailure | null = null;
  const fail = (p: PlannedCommand, rule: string, message: string) => {
    const cause = root ?? refusedPlanOf(p, known);
    if (cause) {
      known.knockOn.set(cause, (known.knockOn.get(cause) ?? 0) + 1);
      root ??= cause;
      return;
    }
    const failure = {
      line: p.line,
      streamId: stream.streamId,
      command: p.command.type,
      rule,
      message: refusalSentence(p, stream.label, message),
    };
    out.failures.push(failure);
    if (CREATES.has(p.command.type)) root = failure;
    if (p.command.type === 'OpenPlan') known.refusedPlans.set(p.command.data.planId, failure);
  };
  const judged = correctionOf(stream, records, plan, meta.refuseCorrections ?? false);
  stream.commands.forEach((asPlanned, index) => {
    if (stored.has(importEventId(plan.sourceId, stream.streamId, index))) {
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
      out.failures.push(verdict.failure);
      return;
    }
    const planned = verdict.kind === 'correct' ? verdict.planned : applies;
    if (isRepeatedUpdate(planned, records)) {
      out.alreadyTrue++;
      return;
    }
    const invalid = invalidity(planned);
    if (invalid !== null) {
      fail(planned, 'validation', invalid);
      return;
    }
    let bodies: LedgerEventBody[];
    try {
      const decided = decideAsPaper(
        (metadata) => folded.decide({ ...attachContext(planned.command, lookupIn(known)), metadata }),
        planned,
        records.length > 0,
      );
      bodies = decided.bodies;
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
    const stamped = stamp(bodies, {
      eventId: (i) => importEventId(plan.sourceId, stream.streamId, index, i),
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
      // The store sets these; the fold only needs ids, dates and bodies.
      const asStored: LedgerEvent = {
        ...event,
        streamId: stream.streamId,
        revision: revision + events.length,
        position: -1,
        recordedAt: '1970-01-01T00:00:00.000Z',
        prevHash: GENESIS_HASH,
        hash: GENESIS_HASH,
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

/**
 * Decides a whole import plan against what the store holds (`existing`, every planned stream
 * read beforehand). Pure: nothing is written. The caller appends only when `failures` is empty.
 */
export function decidePlan(
  plan: ImportPlan,
  existing: ReadonlyMap<string, readonly RecordedEvent[]>,
  meta: ImportMetadata,
): DecidedImport {
  const steps = decideSteps(plan, existing, meta);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, letting the event loop run between streams (`breathe`, see src/lib/breather.ts): a
 * 10,000-row import takes seconds to decide, and a server must answer meanwhile.
 */
export async function decidePlanBreathing(
  plan: ImportPlan,
  existing: ReadonlyMap<string, readonly RecordedEvent[]>,
  meta: ImportMetadata,
  breathe: () => Promise<void>,
): Promise<DecidedImport> {
  const steps = decideSteps(plan, existing, meta);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await breathe();
  }
}

/** Decides stream after stream, yielding after each one. */
function* decideSteps(
  plan: ImportPlan,
  existing: ReadonlyMap<string, readonly RecordedEvent[]>,
  meta: ImportMetadata,
): Generator<void, DecidedImport> {
  const out: Tally = { alreadyImported: 0, alreadyTrue: 0, failures: [], asReported: [], corrections: [] };
  const known: Known = {
    inspections: new Set(),
    plans: new Map(),
    refusedPlans: new Map(),
    knockOn: new Map(),
  };
  const streams: DecidedStream[] = [];
  for (const stream of plan.streams) {
    const records = existing.get(stream.streamId) ?? [];
    const { folded, decided } = decideStream(stream, records, plan, meta, known, out);
    // What later streams' commands are judged against: inspections and plans come first.
    const ref = folded.ref;
    if (ref?.kind === 'inspection') known.inspections.add(ref.inspectionId);
    if (ref?.kind === 'plan')
      known.plans.set(ref.planId, { planId: ref.planId, inspectionId: ref.inspectionId });
    if (decided) streams.push(decided);
    yield;
  }
  for (const [failure, n] of known.knockOn) {
    failure.message += ` (${n} later ${n === 1 ? 'fact of this file depends' : 'facts of this file depend'} on this and ${n === 1 ? 'was' : 'were'} not tried)`;
  }
  return { streams, ...out };
}
