import { NotFoundError, RuleViolation } from '../errors.js';
import { dateInWords } from '../lib/date-words.js';
import { BoardCommand, type PresentBoardReport } from './board-commands.js';
import {
  decideCorrection,
  emptyJournal,
  type Journal,
  type JournalEntry,
  liveFacts,
  recordInJournal,
} from './correction-decider.js';
import { type Decider, unreachable } from './decider.js';
import type { BusinessDate } from './fields.js';
import type { LedgerEvent, LedgerEventBody } from './ledger-event.js';

/** One report the board has had, as far as the board's own rules care. */
export interface BoardReportFacts {
  readonly boardDate: BusinessDate;
  readonly planIds: readonly string[];
}

export interface BoardState {
  readonly journal: Journal;
  /** Null until the first report. */
  readonly board: { readonly boardId: string; readonly boardName: string } | null;
  readonly reports: readonly BoardReportFacts[];
}

export const initialState: BoardState = { journal: emptyJournal, board: null, reports: [] };

function apply(state: BoardState, fact: JournalEntry): BoardState {
  const body = fact.body;
  if (body.type !== 'BoardReportPresented') return state;
  const { boardId, boardName, boardDate, planIds } = body.data;
  return { ...state, board: { boardId, boardName }, reports: [...state.reports, { boardDate, planIds }] };
}

export function evolve(state: BoardState, event: LedgerEvent): BoardState {
  const journal = recordInJournal(state.journal, event);
  return liveFacts(journal).reduce(apply, { ...initialState, journal });
}

const samePlans = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join() === [...b].sort().join();

function present(command: PresentBoardReport, state: BoardState): LedgerEventBody[] {
  const { boardDate, planIds } = command.data;
  // The schema refuses an empty list; this guards callers that skip the schema.
  if (planIds.length === 0) {
    throw new RuleViolation('board.no_plans', 'a board report presents at least one plan', 'data.planIds');
  }
  if (new Set(planIds).size !== planIds.length) {
    throw new RuleViolation('board.duplicate_plan', 'a plan is named more than once', 'data.planIds');
  }
  const missing = planIds.filter((id) => !command.context.plans.some((p) => p.planId === id));
  if (missing.length > 0) {
    throw new RuleViolation(
      'board.plan_not_found',
      missing.length === 1
        ? 'one of the plans it presents is not in the ledger'
        : `${missing.length} of the plans it presents are not in the ledger`,
      'data.planIds',
      { planIds: missing },
    );
  }
  // A report is a fact of its board date: "what did the board see on D" must find it at D.
  if (command.metadata.effectiveOn !== boardDate) {
    throw new RuleViolation(
      'board.effective_not_board_date',
      `a report presented on ${dateInWords(boardDate)} becomes true on that date, not on ${dateInWords(command.metadata.effectiveOn)}`,
      'metadata.effectiveOn',
      { boardDate, effectiveOn: command.metadata.effectiveOn },
    );
  }
  if (state.reports.some((r) => r.boardDate === boardDate && samePlans(r.planIds, planIds))) {
    throw new RuleViolation(
      'board.already_presented',
      `these plans were already presented to ${state.board?.boardName ?? 'this board'} on ${dateInWords(boardDate)}`,
      'data.boardDate',
      { boardDate },
    );
  }
  return [{ type: 'BoardReportPresented', data: command.data }];
}

export function decide(command: BoardCommand, state: BoardState): LedgerEventBody[] {
  switch (command.type) {
    case 'PresentBoardReport':
      return present(command, state);
    case 'CorrectEntry':
    case 'RetractEntry':
      if (!state.board)
        throw new NotFoundError('board', '(this stream)', 'this board has no report in the ledger yet');
      return decideCorrection(command, state.journal);
    default:
      return unreachable(command);
  }
}

export const boardDecider: Decider<BoardCommand, BoardState> = {
  commandSchema: BoardCommand,
  initialState,
  decide,
  evolve,
};
