import { z } from 'zod';
import { BusinessDate, Instant, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';

/** A board report as presented (one per BoardReportPresented event). */
export const BoardReportView = z.strictObject({
  boardId: Ulid,
  boardName: z.string(),
  boardDate: BusinessDate,
  planIds: z.array(Ulid),
  /** The time point of the snapshot shown: business date ... */
  asOf: BusinessDate,
  /** ... and record time (the report's own recordedAt when the event did not say). */
  knownAt: Instant,
  snapshotDigest: z.string().nullable(),
  recordedAt: z.string(),
  revision: z.number().int().nonnegative(),
});
export type BoardReportView = z.infer<typeof BoardReportView>;

/**
 * Folds one board-stream event into the list of reports presented by that board. Each
 * BoardReportPresented is one report; a retracted one disappears (corrections upstream).
 */
export function evolveBoard(state: BoardReportView[] | null, event: LedgerEvent): BoardReportView[] | null {
  switch (event.type) {
    case 'BoardReportPresented':
      return [
        ...(state ?? []),
        {
          boardId: event.data.boardId,
          boardName: event.data.boardName,
          boardDate: event.data.boardDate,
          planIds: event.data.planIds,
          asOf: event.data.asOf,
          knownAt: event.data.knownAt ?? event.recordedAt,
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
