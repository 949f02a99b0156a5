import type { LedgerCommandInput } from '../../domain/ledger-commands.js';
import { dateInWords } from '../../lib/date-words.js';
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

/** What each command records, as a noun, for a row whose several facts were refused together. */
const FACT: Record<LedgerCommandInput['type'], string> = {
  RegisterInspection: 'the inspection',
  OpenPlan: 'the plan',
  ChangePlanOwner: "the plan's owner",
  ReceiveRecommendation: 'the item',
  AssignOwner: "the item's owners",
  ChangeDueDate: "the item's due date",
  RecordResponse: "the item's response",
  PostUpdate: "the item's progress update",
  ChangeRag: "the item's RAG status",
  MarkComplete: "the item's completion",
  Reopen: "the item's reopening",
  MarkNotApplicable: "the item's closure as not applicable",
  TransferToPlan: "the item's transfer to another plan",
  AllocateJointly: "the item's joint allocation",
  PresentBoardReport: 'the board report',
  CorrectEntry: 'the correction',
  RetractEntry: 'the retraction',
};

const columnWords = (p: PlannedCommand) => {
  const column = p.provenance.column;
  return column ? `column ${column.number}${column.title ? ` (${column.title})` : ''}` : null;
};

/** "a, b and c". */
const listed = (parts: readonly string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/** One refused fact of a row: the command and why the ledger refused it (in words). */
export interface RefusedFact {
  readonly planned: PlannedCommand;
  readonly why: string;
}

/**
 * The one sentence a person reads for a row the ledger refused: the file and line (and column,
 * when one fact was refused), the item or plan, every fact of the row that could not be recorded
 * with its column, why (each cause once), and what to do next. Command and rule names stay in
 * the failure's members, for machines.
 */
export function rowRefusalSentence(facts: readonly RefusedFact[], label: string, fileName: string): string {
  const [first] = facts;
  if (first === undefined) return '';
  const { line } = first.planned;
  const sheet = first.planned.provenance.sheet;
  const single = facts.length === 1 ? columnWords(first.planned) : null;
  const where = [
    fileName,
    ...(sheet ? [`sheet ${sheet}`] : []),
    line === null ? 'the document as a whole' : `line ${line}`,
    ...(single ? [single] : []),
  ].join(', ');
  // Facts refused for the same reason but dated differently ("24 April 2015 is before item 4
  // was received …", "18 June 2015 is before …") share one cause, each fact naming its date.
  const causeOf = (f: RefusedFact) => {
    const on = `${dateInWords(f.planned.effectiveOn)} `;
    return f.why.startsWith(`${on}is `) ? f.why.slice(on.length) : f.why;
  };
  const causes = [...new Set(facts.map(causeOf))];
  let nouns = 0;
  const what = causes.map((cause) => {
    const same = facts.filter((f) => causeOf(f) === cause);
    const dates = new Set(same.map((f) => f.planned.effectiveOn));
    if (same.length === 1 && facts.length === 1) return `${DOING[first.planned.command.type]}: ${first.why}`;
    const named = same.map((f) => {
      const column = f.planned.provenance.column;
      const fact =
        nouns++ === 0
          ? FACT[f.planned.command.type]
          : FACT[f.planned.command.type].replace(/^the item's /, 'its ');
      const parts = [
        ...(column ? [`column ${column.number}${column.title ? `, ${column.title}` : ''}`] : []),
        ...(dates.size > 1 ? [dateInWords(f.planned.effectiveOn)] : []),
      ];
      return parts.length > 0 ? `${fact} (${parts.join('; ')})` : fact;
    });
    const why =
      dates.size > 1 && cause !== (same[0]?.why ?? '')
        ? `each is dated ${cause.replace(/^is /, '')}`
        : (same[0]?.why ?? cause);
    return `${listed(named)} could not be recorded: ${why}`;
  });
  const fix = line === null ? 'correct the file' : `correct line ${line} of the file`;
  return `${where}, ${label}: ${what.join('; ')}. Nothing from ${fileName} was imported: ${fix} (or the ledger, if the file is right) and import again`;
}
