import type { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { PlannedCommand } from './planned-command.js';

/**
 * What each command was doing, as the paper's reader would say it. A refusal reads "line 7,
 * item AFI.3: the transfer to Finance could not be recorded: …", never a command or rule name
 * (those stay in the failure's `command` and `rule` members, for machines).
 */
const DOING: Record<LedgerCommandInput['type'], string> = {
  RegisterInspection: 'the inspection could not be recorded',
  OpenPlan: 'the plan could not be opened',
  ChangePlanOwner: "the plan's owner could not be recorded",
  ReceiveRecommendation: 'the item could not be recorded',
  AssignOwner: "the item's owners could not be recorded",
  ChangeDueDate: "the item's due date could not be recorded",
  RecordResponse: "the item's response could not be recorded",
  PostUpdate: "the item's progress update could not be recorded",
  ChangeRag: "the item's RAG status could not be recorded",
  MarkComplete: 'the item could not be recorded as complete',
  Reopen: 'the item could not be reopened',
  MarkNotApplicable: 'the item could not be recorded as not applicable',
  TransferToPlan: "the item's transfer to another plan could not be recorded",
  AllocateJointly: "the item's joint allocation could not be recorded",
  PresentBoardReport: 'the board report could not be recorded',
  CorrectEntry: 'the correction could not be recorded',
  RetractEntry: 'the retraction could not be recorded',
};

/** Fields of a command, named as the paper's columns and headers name them. */
const FIELD: Record<string, string> = {
  portfolio: 'the portfolio name',
  portfolioOwner: 'the SCT Portfolio Owner',
  planOwner: 'the Improvement Plan Owner',
  title: 'the inspection title',
  ref: 'the Ref',
  parentRef: 'the parent Ref',
  text: 'the text',
  strategicLead: 'the Strategic Lead',
  actionOwner: 'the Action Owner',
  dueDate: 'the Due Date',
  timescale: 'the timescale',
  effectiveOn: 'the date',
  reason: 'the reason',
  to: 'the RAG status',
};

/** One schema problem of a planned command, in words: "the portfolio name is blank". */
export function fieldProblem(path: readonly PropertyKey[], code: string, message: string): string {
  const last = [...path].reverse().find((p) => typeof p === 'string');
  const field = (typeof last === 'string' && FIELD[last]) || `the ${String(last ?? 'value')}`;
  if (code === 'too_small') return `${field} is blank`;
  if (code === 'too_big') return `${field} is too long`;
  return `${field} cannot be recorded as it is (${message.toLowerCase()})`;
}

/**
 * The sentence a person reads for a command the ledger refused: where in the file, which item,
 * what could not be recorded and why, and what to do next.
 */
export function refusalSentence(planned: PlannedCommand, label: string, why: string): string {
  const { line, command } = planned;
  const column = planned.provenance.column;
  const where = [
    line === null ? 'the document as a whole' : `line ${line}`,
    ...(column ? [`column ${column.number}${column.title ? ` (${column.title})` : ''}`] : []),
    ...(planned.provenance.sheet ? [`sheet ${planned.provenance.sheet}`] : []),
  ].join(', ');
  const fix = line === null ? 'correct the file' : `correct line ${line} of the file`;
  return `${where}, ${label}: ${DOING[command.type]}: ${why}. Nothing was imported: ${fix} (or the ledger, if the file is right) and import again`;
}
