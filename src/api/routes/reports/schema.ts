/**
 * The report queries' schemas are the read side's own (projections/runtime/queries.ts): the API
 * validates and documents exactly what the projections accept and answer.
 */

export {
  BoardCountsByInspectionResult,
  BoardCountsResult,
  SummaryItemsParams,
  SummaryItemsResult,
} from '../../../../projections/runtime/board-queries.js';
export {
  BoardReportsParams,
  BoardReportsResult,
  BoardSummaryParams,
  BoardSummaryResult,
  ChangesBetweenParams,
  ChangesBetweenResult,
  OverdueParams,
  OverdueResult,
  RagOverTimeParams,
  RagOverTimeResult,
} from '../../../../projections/runtime/queries.js';
