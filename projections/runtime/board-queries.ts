/**
 * The board summary's counts and the pages of items behind them: what dashboards poll. The
 * counts answer is O(portfolios shown) whatever the number of items; a cell's items come a
 * page at a time. `boardSummary` (queries.ts) is the whole summary with every list.
 */
import { z } from 'zod';
import { Ulid } from '../../src/domain/fields.js';
import { BoardCounts, boardCounts as countBoard, SummaryRow } from '../board-summary.js';
import { summaryItems as pageOf, SummaryCell, SummaryItemsPage } from '../board-summary-items.js';
import {
  BoardSummaryParams,
  parse,
  pointOf,
  type QuerySource,
  Report,
  ReportedTimeParams,
  reportAsked,
  reportedOnAlone,
  withReport,
} from './queries.js';

export const BoardCountsResult = BoardCounts.extend(Report);
export const SummaryItemsResult = SummaryItemsPage.extend(Report);

const ROWLESS = new Set<string>(['transferredOut', 'ledElsewhere']);
export const SummaryItemsParams = ReportedTimeParams.extend({
  inspectionId: Ulid.optional(),
  /** One portfolio's cell; absent: the "All portfolios" row. */
  planId: Ulid.optional().describe("One portfolio's number; absent: the All portfolios row"),
  row: SummaryRow.optional().describe(
    'recommendations or areasForImprovement (not for transferredOut, ledElsewhere)',
  ),
  column: SummaryCell,
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})
  .refine(reportedOnAlone.check, reportedOnAlone.message)
  .refine((p) => ROWLESS.has(p.column) || p.row !== undefined, {
    message: 'say which row: recommendations or areasForImprovement',
    path: ['row'],
  });

/** The board summary's numbers without the items behind them. */
export function boardCounts(source: QuerySource, params?: unknown): z.infer<typeof BoardCountsResult> {
  const p = parse(BoardSummaryParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const counts = countBoard(source.index, pointOf(source, report, p), p.inspectionId, report?.planIds);
  return { ...counts, ...withReport(report) };
}

/** One page of the items behind one number of the board summary. */
export function summaryItems(source: QuerySource, params?: unknown): z.infer<typeof SummaryItemsResult> {
  const p = parse(SummaryItemsParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const page = pageOf(source.index, pointOf(source, report, p), { ...p, planIds: report?.planIds });
  return { ...page, ...withReport(report) };
}
