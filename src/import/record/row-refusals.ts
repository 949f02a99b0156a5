import type { ImportFailure } from './import-report.js';
import type { PlannedCommand, PlannedStream } from './planned-command.js';
import { type RefusedFact, rowRefusalSentence } from './refusal-words.js';

/** Everything refused on one source row (or one fact of the whole document), and what it held up. */
interface RefusedRow {
  readonly label: string;
  readonly streamId: string;
  readonly facts: (RefusedFact & { readonly rule: string })[];
  /** Later facts of the file that depend on this row and were not tried. */
  heldUp: number;
}

/** The command that creates its stream: refused, nothing after it in the stream can be decided. */
const CREATES: ReadonlySet<string> = new Set(['RegisterInspection', 'OpenPlan', 'ReceiveRecommendation']);

/**
 * The refusals of one import, one per row: a row refused for one reason (an update dated before
 * the item was received refuses the update, the reopening and the RAG of that row alike) is ONE
 * failure naming every fact that could not be recorded and the cause once. One refusal is one
 * root error: what depends on it (the rest of its stream, the items of a refused plan) is
 * counted against it, not reported again as "does not exist" / "not found".
 */
export function rowRefusals(fileName: string) {
  /** Rows and ready-made failures (contradictions) in the order they were met. */
  const entries: (RefusedRow | ImportFailure)[] = [];
  const byLine = new Map<number, RefusedRow>();
  const refusedPlans = new Map<string, RefusedRow>();

  /** The refused plan a command depends on: the plan an item is received into, a plan a report presents. */
  const refusedPlanOf = (p: PlannedCommand): RefusedRow | undefined => {
    const { command } = p;
    if (command.type === 'ReceiveRecommendation') return refusedPlans.get(command.data.planId);
    if (command.type === 'PresentBoardReport') {
      for (const planId of command.data.planIds) {
        const refused = refusedPlans.get(planId);
        if (refused) return refused;
      }
    }
    return undefined;
  };

  return {
    /**
     * One stream's refusals: `refuse` records a refused command, unless an earlier refusal of
     * this stream (its creation) or of a plan it depends on already explains it.
     */
    forStream(stream: PlannedStream) {
      let root: RefusedRow | null = null;
      return (p: PlannedCommand, rule: string, why: string): void => {
        const cause = root ?? refusedPlanOf(p);
        if (cause) {
          cause.heldUp++;
          root ??= cause;
          return;
        }
        const fact = { planned: p, rule, why };
        let row = p.line === null ? undefined : byLine.get(p.line);
        if (row === undefined) {
          row = { label: stream.label, streamId: stream.streamId, facts: [], heldUp: 0 };
          entries.push(row);
          if (p.line !== null) byLine.set(p.line, row);
        }
        row.facts.push(fact);
        if (CREATES.has(p.command.type)) root = row;
        if (p.command.type === 'OpenPlan') refusedPlans.set(p.command.data.planId, row);
      };
    },
    /** A failure already in words (a contradiction refused under `--no-corrections`). */
    add(failure: ImportFailure): void {
      entries.push(failure);
    },
    /** Every failure, one per row, in the order met. */
    failures(): ImportFailure[] {
      return entries.map((entry) => ('facts' in entry ? rowFailure(entry, fileName) : entry));
    },
  };
}

function rowFailure(row: RefusedRow, fileName: string): ImportFailure {
  const [first] = row.facts;
  const n = row.heldUp;
  const heldUp =
    n === 0
      ? ''
      : ` (${n} later ${n === 1 ? 'fact of this file depends' : 'facts of this file depend'} on this and ${n === 1 ? 'was' : 'were'} not tried)`;
  return {
    line: first?.planned.line ?? null,
    streamId: row.streamId,
    command: first?.planned.command.type ?? '',
    rule: first?.rule ?? '',
    message: `${rowRefusalSentence(row.facts, row.label, fileName)}${heldUp}`,
    refused: row.facts.map((f) => ({
      command: f.planned.command.type,
      rule: f.rule,
      column: f.planned.provenance.column ?? null,
    })),
  };
}

/** The refusals of one import (see `rowRefusals`). */
export type RowRefusals = ReturnType<typeof rowRefusals>;
