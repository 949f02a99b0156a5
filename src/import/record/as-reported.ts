import type { CommandMetadata } from '../../domain/decider.js';
import type { LedgerEventBody } from '../../domain/ledger-event.js';
import { RuleViolation } from '../../errors.js';
import { dateInWords } from '../../lib/date-words.js';
import type { LineNote } from '../parsed-document.js';
import type { PlannedCommand } from './planned-command.js';

/**
 * Interactive rules a paper does not have to obey: the paper is the record of what was reported.
 * A later export that rates, reschedules or closes the other way an item the ledger already holds
 * as closed (`item.closed`) is recorded as the paper reported it — the decider is asked again with
 * `metadata.asReported`, and its event carries `asReported: true` — with a warning naming the row.
 * Only against what the ledger held before this import: one document contradicting itself still fails.
 */
const PAPER_STANDS: ReadonlySet<string> = new Set(['item.closed']);

/** What the paper reported, in a board secretary's words. */
function factOf(planned: PlannedCommand): string {
  const { command } = planned;
  switch (command.type) {
    case 'ChangeRag':
      return `RAG ${command.data.to.charAt(0)}${command.data.to.slice(1).toLowerCase()}`;
    case 'ChangeDueDate':
      return `due date ${command.data.dueDate ?? command.data.timescale ?? '(none)'}`;
    case 'MarkComplete':
      return 'completion';
    case 'MarkNotApplicable':
      return '"not applicable"';
    default:
      return command.type;
  }
}

/** The events decided, and the warning when they were recorded as the paper reported them. */
export interface DecidedAsPaper {
  readonly bodies: LedgerEventBody[];
  readonly warning: LineNote | null;
}

/**
 * Decides `planned` with `decide`; when the closed-item rule refuses it on an item the ledger
 * already held (`held`), decides it again as the paper reported it. Any other refusal (or one of
 * the second decision) is thrown to the caller, as a refusal always is.
 */
export function decideAsPaper(
  decide: (metadata: CommandMetadata) => LedgerEventBody[],
  planned: PlannedCommand,
  held: boolean,
): DecidedAsPaper {
  try {
    return { bodies: decide({ effectiveOn: planned.effectiveOn }), warning: null };
  } catch (error) {
    if (!(error instanceof RuleViolation && PAPER_STANDS.has(error.rule) && held)) throw error;
    const bodies = decide({ effectiveOn: planned.effectiveOn, asReported: true });
    const state = error.message.split(':')[0] ?? error.message;
    return {
      bodies,
      warning: {
        line: planned.line ?? 1,
        reason: `${factOf(planned)} on ${dateInWords(planned.effectiveOn)} recorded as this paper reports it, although ${state} in the ledger (the paper does not say it was reopened); the entry is marked "as reported". If the item was reopened, record the reopening`,
      },
    };
  }
}
