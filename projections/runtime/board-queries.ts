/**
 * The board summary's counts and the pages of items behind them: what dashboards poll. The
 * counts answer is O(portfolios or inspections shown) whatever the number of items; a cell's
 * items come a page at a time. `boardSummary` (queries.ts) is the whole summary with every list.
 *
 * At the latest point (today and now, or any later point, once every fact is in) the counts are
 * the ones kept on apply (live-board-counts.ts): O(rows shown). At any other point they are
 * summed from the count points the index keeps (past-board-counts.ts): one pass over the points
 * for every inspection, one inspection's points for its rows. Every portfolio at a past point,
 * a presented report's every-inspection line and a plan holding items before it opened are
 * folded from the index (board-summary.ts).
 */
import { z } from 'zod';
import { Ulid } from '../../src/domain/fields.js';
import {
  BoardCountsByInspection,
  COUNT_COLUMNS,
  groupByInspection,
  type InspectionCounts,
  inspectionAnswer,
  overallOf,
  type RowPair,
} from '../board-counts.js';
import { boardCounts as countBoard } from '../board-summary.js';
import { summaryItems as pageOf, SummaryCell, SummaryItemsPage } from '../board-summary-items.js';
import { BoardCounts, type PortfolioCounts, SummaryRow } from '../board-summary-schema.js';
import { inspectionAnswerAt, inspectionPortfoliosAt } from '../past-board-counts.js';
import type { ReportShown } from '../presented-report.js';
import type { TimePoint } from '../time.js';
import {
  parse,
  pointOf,
  type QuerySource,
  Report,
  ReportedTimeParams,
  reportAsked,
  reportedOnAlone,
  withReport,
} from './query-time.js';
import { BoardSummaryParams } from './report-queries.js';

export const BoardCountsResult = BoardCounts.extend(Report);
export const BoardCountsByInspectionResult = BoardCountsByInspection.extend(Report);
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

/** The live counts when they are the answer at `at` (no report asked, every fact in by then). */
function liveAt(source: QuerySource, at: TimePoint, report: ReportShown | undefined) {
  const live = source.counts;
  return !report && live?.covers(at) ? live : null;
}

/**
 * Portfolio rows at `at`: kept on apply when they cover it; one inspection's from the count
 * points the index keeps; else (every portfolio at a past point) folded from the index.
 */
function portfolioRows(
  source: QuerySource,
  at: TimePoint,
  inspectionId: string | undefined,
  report: ReportShown | undefined,
): PortfolioCounts[] {
  const live = liveAt(source, at, report);
  if (live)
    return live.portfolios(inspectionId, (planId) => source.index.planAt(planId, at)?.portfolio ?? null);
  if (inspectionId !== undefined) {
    const rows = inspectionPortfoliosAt(source.index, at, inspectionId, report?.planIds);
    if (rows) return rows;
  }
  const scope = inspectionId !== undefined ? source.counts?.scopeOf(inspectionId) : undefined;
  return countBoard(source.index, at, inspectionId, report?.planIds, scope).portfolios;
}

/** Per-inspection rows at `at` from portfolio rows (one inspection's, or a report's). */
function inspectionRows(
  source: QuerySource,
  at: TimePoint,
  inspectionId: string | undefined,
  report: ReportShown | undefined,
): Map<string, RowPair> {
  return groupByInspection(portfolioRows(source, at, inspectionId, report));
}

/**
 * The board summary's numbers without the items behind them: a line per inspection (the
 * default without `inspectionId`) or a row per portfolio (with it, or `by=portfolio`).
 */
export function boardCounts(
  source: QuerySource,
  params?: unknown,
): z.infer<typeof BoardCountsResult> | z.infer<typeof BoardCountsByInspectionResult> {
  const p = parse(BoardSummaryParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const at = pointOf(source, report, p);
  const by = p.by ?? (p.inspectionId === undefined ? 'inspection' : 'portfolio');
  const live = liveAt(source, at, report);
  if (by === 'inspection' && live && p.inspectionId === undefined) {
    const { inspections, overall } = live.inspectionLines();
    return {
      asOf: at.asOf,
      knownAt: at.knownAt,
      columns: [...COUNT_COLUMNS],
      inspections: inspections as InspectionCounts[],
      overall,
      ...withReport(report),
    };
  }
  // Every inspection at a past point: summed from the count points, written as the answer.
  if (by === 'inspection' && p.inspectionId === undefined && !report)
    return inspectionAnswerAt(source.index, at);
  if (by === 'inspection') {
    return {
      ...inspectionAnswer(at, inspectionRows(source, at, p.inspectionId, report)),
      ...withReport(report),
    };
  }
  const portfolios = portfolioRows(source, at, p.inspectionId, report);
  return {
    asOf: at.asOf,
    knownAt: at.knownAt,
    portfolios,
    overall: overallOf(portfolios),
    ...withReport(report),
  };
}

/** One page of the items behind one number of the board summary. */
export function summaryItems(source: QuerySource, params?: unknown): z.infer<typeof SummaryItemsResult> {
  const p = parse(SummaryItemsParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const page = pageOf(source.index, pointOf(source, report, p), { ...p, planIds: report?.planIds });
  return { ...page, ...withReport(report) };
}
