import type { LedgerEventType } from './ledger-event.js';

/**
 * Each kind of entry as a person names it ("a RAG change", not `RagChanged`): refusals about a
 * record's history name entries this way. A Record over every type, so a new event type does
 * not compile until it has its words.
 */
export const ENTRY_WORDS: Readonly<Record<LedgerEventType, string>> = {
  InspectionRegistered: 'the registration of the inspection',
  PlanOpened: 'the opening of the plan',
  PlanOwnerChanged: 'a change of plan owner',
  RecommendationReceived: 'the receipt of the recommendation',
  OwnerAssigned: 'an assignment of owners',
  DueDateChanged: 'a change of due date',
  ResponseRecorded: 'the response',
  UpdatePosted: 'a progress update',
  RagChanged: 'a RAG change',
  MarkedComplete: 'the marking as complete',
  Reopened: 'a reopening',
  MarkedNotApplicable: 'the marking as not applicable',
  TransferredBetweenPortfolios: 'a transfer between portfolios',
  JointlyAllocated: 'a joint allocation',
  BoardReportPresented: 'a board report',
  EntryCorrected: 'a correction',
  EntryRetracted: 'a retraction',
};

/** "A RAG change", for the start of a sentence. */
export const entryWordsCapitalised = (type: LedgerEventType) => {
  const words = ENTRY_WORDS[type];
  return words.charAt(0).toUpperCase() + words.slice(1);
};
