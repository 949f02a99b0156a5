import { z } from 'zod';
import { BusinessDate, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';

/** An inspection as far as the read models need it. */
export const InspectionView = z.strictObject({
  inspectionId: Ulid,
  title: z.string(),
  inspectorate: z.string(),
  publishedOn: BusinessDate.nullable(),
  revision: z.number().int().nonnegative(),
});
export type InspectionView = z.infer<typeof InspectionView>;

/** Folds one inspection-stream event. Pure. */
export function evolveInspection(state: InspectionView | null, event: LedgerEvent): InspectionView | null {
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
