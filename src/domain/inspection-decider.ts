import { NotFoundError, RuleViolation } from '../errors.js';
import { dateInWords } from '../lib/date-words.js';
import {
  decideCorrection,
  emptyJournal,
  type Journal,
  liveFacts,
  recordInJournal,
} from './correction-decider.js';
import { type Decider, unreachable } from './decider.js';
import type { BusinessDate } from './fields.js';
import { InspectionCommand } from './inspection-commands.js';
import type { LedgerEvent, LedgerEventBody } from './ledger-event.js';

/** What the inspection's own rules need to know. */
export interface InspectionFacts {
  readonly inspectionId: string;
  readonly title: string;
  readonly registeredOn: BusinessDate;
}

export interface InspectionState {
  readonly journal: Journal;
  /** Null until InspectionRegistered. */
  readonly inspection: InspectionFacts | null;
}

export const initialState: InspectionState = { journal: emptyJournal, inspection: null };

function derive(journal: Journal): InspectionState {
  let inspection: InspectionFacts | null = null;
  for (const fact of liveFacts(journal)) {
    if (fact.body.type === 'InspectionRegistered') {
      const { inspectionId, title } = fact.body.data;
      inspection = { inspectionId, title, registeredOn: fact.effectiveOn };
    }
  }
  return { journal, inspection };
}

export function evolve(state: InspectionState, event: LedgerEvent): InspectionState {
  return derive(recordInJournal(state.journal, event));
}

export function decide(command: InspectionCommand, state: InspectionState): LedgerEventBody[] {
  switch (command.type) {
    case 'RegisterInspection': {
      if (state.inspection) {
        throw new RuleViolation(
          'inspection.already_registered',
          `the inspection "${state.inspection.title}" is already registered`,
          'data.inspectionId',
          { inspectionId: state.inspection.inspectionId },
        );
      }
      const { fieldworkFrom, fieldworkTo } = command.data;
      if (fieldworkFrom !== null && fieldworkTo !== null && fieldworkTo < fieldworkFrom) {
        throw new RuleViolation(
          'inspection.fieldwork_dates_reversed',
          `the fieldwork ends (${dateInWords(fieldworkTo)}) before it starts (${dateInWords(fieldworkFrom)})`,
          'data.fieldworkTo',
          { fieldworkFrom, fieldworkTo },
        );
      }
      return [{ type: 'InspectionRegistered', data: command.data }];
    }
    case 'CorrectEntry':
    case 'RetractEntry':
      if (!state.inspection)
        throw new NotFoundError(
          'inspection',
          'stream',
          'this inspection is not in the ledger: register it first',
        );
      return decideCorrection(command, state.journal);
    default:
      return unreachable(command);
  }
}

export const inspectionDecider: Decider<InspectionCommand, InspectionState> = {
  commandSchema: InspectionCommand,
  initialState,
  decide,
  evolve,
};
