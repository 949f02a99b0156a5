import type { Actor, NewEvent, RecordedEvent } from '../../domain/envelope.js';
import type { ExpectedRevision } from '../../store/event-store.js';
import type { LineNote } from '../parsed-document.js';
import { decideStream, type Known } from './decide-stream.js';
import { DecidedBodyCheck } from './decided-body-check.js';
import type { ImportCorrection, ImportFailure } from './import-report.js';
import type { ImportPlan } from './planned-command.js';
import { PlannedCommandCheck } from './planned-command-check.js';
import { type RowRefusals, rowRefusals } from './row-refusals.js';

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

/** What deciding the streams adds up, stream after stream. */
export interface Tally {
  alreadyImported: number;
  alreadyTrue: number;
  refusals: RowRefusals;
  asReported: LineNote[];
  corrections: ImportCorrection[];
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
  const out: Tally = {
    alreadyImported: 0,
    alreadyTrue: 0,
    refusals: rowRefusals(plan.file.name),
    asReported: [],
    corrections: [],
  };
  const known: Known = { inspections: new Set(), plans: new Map() };
  const streams: DecidedStream[] = [];
  const check = new DecidedBodyCheck();
  const commandCheck = new PlannedCommandCheck();
  for (const stream of plan.streams) {
    const records = existing.get(stream.streamId) ?? [];
    const { folded, decided } = decideStream(stream, records, plan, meta, known, out, check, commandCheck);
    // What later streams' commands are judged against: inspections and plans come first.
    const ref = folded.ref;
    if (ref?.kind === 'inspection') known.inspections.add(ref.inspectionId);
    if (ref?.kind === 'plan')
      known.plans.set(ref.planId, { planId: ref.planId, inspectionId: ref.inspectionId });
    if (decided) streams.push(decided);
    yield;
  }
  const { refusals, ...tally } = out;
  return { streams, ...tally, failures: refusals.failures() };
}
