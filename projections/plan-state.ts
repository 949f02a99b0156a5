import { z } from 'zod';
import { BusinessDate, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';

/** A portfolio's improvement plan (header only; its items come from the item index). */
export const PlanState = z.strictObject({
  planId: Ulid,
  inspectionId: Ulid,
  portfolio: z.string(),
  portfolioOwner: z.string().nullable(),
  planOwner: z.string().nullable(),
  openedOn: BusinessDate,
  revision: z.number().int().nonnegative(),
});
export type PlanState = z.infer<typeof PlanState>;

/** An inspection as far as the read models need it. */
export const InspectionState = z.strictObject({
  inspectionId: Ulid,
  title: z.string(),
  inspectorate: z.string(),
  publishedOn: BusinessDate.nullable(),
  revision: z.number().int().nonnegative(),
});
export type InspectionState = z.infer<typeof InspectionState>;

/** A board report as presented (one per BoardReportPresented event). */
export const BoardReportState = z.strictObject({
  boardId: Ulid,
  boardName: z.string(),
  boardDate: BusinessDate,
  planIds: z.array(Ulid),
  snapshotDigest: z.string().nullable(),
  recordedAt: z.string(),
  revision: z.number().int().nonnegative(),
});
export type BoardReportState = z.infer<typeof BoardReportState>;

/** Folds one plan-stream event. Pure; corrections are applied before folding. */
export function evolvePlan(state: PlanState | null, event: LedgerEvent): PlanState | null {
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

/** Folds one inspection-stream event. Pure. */
export function evolveInspection(state: InspectionState | null, event: LedgerEvent): InspectionState | null {
  switch (event.type) {
    case 'InspectionRegistered':
      return {
        inspectionId: event.data.inspectionId,
        title: event.data.title,
        inspectorate: event.data.inspectorate,
        publishedOn: event.data.publishedOn,
        revision: event.revision,
      };
    case 'PlanOpened':
    case 'PlanOwnerChanged':
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

/**
 * Folds one board-stream event into the list of reports presented by that board. Each
 * BoardReportPresented is one report; a retracted one disappears (corrections upstream).
 */
export function evolveBoard(state: BoardReportState[] | null, event: LedgerEvent): BoardReportState[] | null {
  switch (event.type) {
    case 'BoardReportPresented':
      return [
        ...(state ?? []),
        {
          boardId: event.data.boardId,
          boardName: event.data.boardName,
          boardDate: event.data.boardDate,
          planIds: event.data.planIds,
          snapshotDigest: event.data.snapshotDigest,
          recordedAt: event.recordedAt,
          revision: event.revision,
        },
      ];
    case 'InspectionRegistered':
    case 'PlanOpened':
    case 'PlanOwnerChanged':
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
    case 'EntryCorrected':
    case 'EntryRetracted':
      return state;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
