import type { RecordedEvent } from '../../domain/envelope.js';
import { contradictionWords, correctionReason, heldFromWords } from './contradiction-words.js';
import { type Contradiction, judgeAgainstLedger } from './contradictions.js';
import { heldFacts } from './held-facts.js';
import { CONTRADICTION_RULE, type ImportCorrection, type ImportFailure } from './import-report.js';
import type { ImportPlan, PlannedCommand, PlannedStream } from './planned-command.js';

/** What the importer does with one planned command of a stream the ledger already holds. */
export type Judged =
  | { readonly kind: 'new' }
  | { readonly kind: 'held' }
  /** Record `planned` (a CorrectEntry of the held event) instead of the paper's fact. */
  | { readonly kind: 'correct'; readonly planned: PlannedCommand; readonly correction: ImportCorrection }
  /** `--no-corrections`: the contradiction is a failure, and nothing of the document is appended. */
  | { readonly kind: 'refused'; readonly failure: ImportFailure; readonly correction: ImportCorrection };

const NEW: Judged = { kind: 'new' };
const HELD: Judged = { kind: 'held' };

/** What to do next, said once at the end of each refusal. */
const REFUSED_NEXT =
  'Nothing was imported. If the file is right, import it again without --no-corrections (API: noCorrections false) to record it as a correction; if the ledger is right, fix the file.';

/**
 * Judges each planned command of one item stream against what the ledger already holds for it
 * (`contradictions.ts`), and turns a contradiction into the correction to record — a CorrectEntry
 * of the held event, carrying the paper's cell as its provenance — or, with `refuse`, into a
 * failure in a board secretary's words. Streams the ledger does not hold yet, and other kinds of
 * stream, are all new.
 */
export function correctionOf(
  stream: PlannedStream,
  records: readonly RecordedEvent[],
  plan: ImportPlan,
  refuse: boolean,
): (index: number) => Judged {
  if (stream.kind !== 'item' || records.length === 0) return () => NEW;
  const verdicts = judgeAgainstLedger(stream.commands, heldFacts(records));
  return (index) => {
    const verdict = verdicts.get(index);
    const planned = stream.commands[index];
    if (verdict === undefined || planned === undefined) return NEW;
    if (verdict.kind === 'held') return HELD;
    const correction = described(verdict.found, planned, stream);
    if (refuse) {
      const failure: ImportFailure = {
        line: planned.line,
        streamId: stream.streamId,
        command: planned.command.type,
        rule: CONTRADICTION_RULE,
        message: `${correction.message}. ${REFUSED_NEXT}`,
      };
      return { kind: 'refused', failure, correction };
    }
    return { kind: 'correct', planned: correctionCommand(verdict.found, planned, plan), correction };
  };
}

function described(found: Contradiction, planned: PlannedCommand, stream: PlannedStream): ImportCorrection {
  const where = planned.provenance;
  return {
    line: where.line,
    column: where.column,
    sheet: where.sheet,
    streamId: stream.streamId,
    label: stream.label,
    correctsEventId: found.target.eventId,
    fact: found.fact,
    held: found.held,
    says: found.says,
    heldFrom: heldFromWords(found.target.provenance),
    message: contradictionWords(found, where, stream.label),
  };
}

/**
 * The correction, as a command of the same stream. It is dated by the paper that makes it (its
 * board date), never before the fact it corrects; it applies once known whatever its date
 * (docs/architecture.md, "Semantics"). Its provenance is the paper's cell, so the audit trail
 * names the file, line and column the corrected version came from.
 */
function correctionCommand(found: Contradiction, planned: PlannedCommand, plan: ImportPlan): PlannedCommand {
  const boardDate = plan.presentation?.boardDate ?? planned.effectiveOn;
  const factDate = found.movedTo ?? found.target.effectiveOn;
  return {
    command: {
      type: 'CorrectEntry',
      data: {
        correctsEventId: found.target.eventId,
        fields: found.fields,
        effectiveOn: found.movedTo,
        reason: correctionReason(found, planned.provenance, plan.file.name),
      },
    },
    effectiveOn: boardDate > factDate ? boardDate : factDate,
    line: planned.line,
    provenance: planned.provenance,
  };
}
