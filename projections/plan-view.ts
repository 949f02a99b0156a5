import { z } from 'zod';
import { BusinessDate, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';

/**
 * The read side's view of a portfolio's improvement plan (header only; its items come from the
 * item index). Not the decider's `PlanState` in `src/domain/`.
 */
export const PlanView = z.strictObject({
  planId: Ulid,
  inspectionId: Ulid,
  portfolio: z.string(),
  portfolioOwner: z.string().nullable(),
  planOwner: z.string().nullable(),
  openedOn: BusinessDate,
  revision: z.number().int().nonnegative(),
});
export type PlanView = z.infer<typeof PlanView>;

/** Folds one plan-stream event. Pure; corrections are applied before folding. */
export function evolvePlan(state: PlanView | null, event: LedgerEvent): PlanView | null {
  switch (event.type) {
    case 'PlanOpened':
      return {
        planId: event.data.planId,
        inspectionId: event.data.inspectionId,
        portfolio: event.data.portfolio,
        portfolioOwner: event.data.portfolioOwner,
        planOwner: event.data.planOwner,
        openedOn: event.effectiveOn,
        revision: event.revision,
      };
    case 'PlanOwnerChanged':
      if (state === null) return null;
      return {
        ...state,
        // An absent field means "unchanged"; null means "cleared".
        portfolioOwner:
          event.data.portfolioOwner === undefined ? state.portfolioOwner : event.data.portfolioOwner,
        planOwner: event.data.planOwner === undefined ? state.planOwner : event.data.planOwner,
        revision: event.revision,
      };
    case 'InspectionRegistered':
    case 'RecommendationReceived':
    case 'OwnerAssigned':
    case 'DueDateChanged':
    case 'ResponseRecorded':
    case 'UpdatePosted':
    case 'RagChanged':
    case 'MarkedComplete':
    case 'Reopened':
    case 'MarkedNotApplicable':
    case 'TransferredBetweenPortfolios':
    case 'JointlyAllocated':
    case 'BoardReportPresented':
    case 'EntryCorrected':
    case 'EntryRetracted':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
