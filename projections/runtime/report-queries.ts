/**
 * The board's reads: the board summary with every list, changes between two dates, overdue
 * items, RAG over time and the board reports presented (the counts and drill-down pages are in
 * board-queries.ts). Each takes `reportedOn` to answer as the board saw it.
 */
import { z } from 'zod';
import { BusinessDate, Ulid } from '../../src/domain/fields.js';
import { BoardReportView } from '../board-report-view.js';
import { boardSummary as summarise } from '../board-summary.js';
import { BoardSummary } from '../board-summary-schema.js';
import { ChangesBetween, changesBetween as diff } from '../changes-between.js';
import { OverdueReport, overdue as overdueOf } from '../overdue.js';
import { previousReport } from '../presented-report.js';
import { MAX_POINTS, pointCount, RagOverTime, RagStep, ragOverTime as ragSeries } from '../rag-over-time.js';
import { todayUtc } from '../time.js';
import {
  KnownAtParam,
  knownAtOf,
  nowOf,
  parse,
  pointOf,
  presentedIn,
  type QuerySource,
  Report,
  ReportedOnParam,
  ReportedTimeParams,
  reportAsked,
  reportedOnAlone,
  Time,
  TimeParams,
  timePoint,
  withReport,
} from './query-time.js';

export const BoardSummaryParams = ReportedTimeParams.extend({
  inspectionId: Ulid.optional(),
  items: z
    .enum(['all'])
    .optional()
    .describe(
      'all: every number with the items behind it (large: O(items)); default: the numbers only, whose items GET /board-summary/items pages',
    ),
  by: z
    .enum(['inspection', 'portfolio'])
    .optional()
    .describe(
      'inspection: one line of totals per inspection (the default without inspectionId; O(inspections)); portfolio: a row per portfolio (the default with inspectionId, and what items=all lists)',
    ),
})
  .refine(reportedOnAlone.check, reportedOnAlone.message)
  .refine((p) => p.items === undefined || p.by !== 'inspection', {
    message: 'items=all lists the items of every portfolio: leave out by, or ask by=portfolio',
    path: ['by'],
  });

export const ChangesBetweenParams = z
  .strictObject({
    /** Default with reportedOn: the business date the same board's previous report showed. */
    from: BusinessDate.optional(),
    /** Default with reportedOn: the business date of the report's snapshot. */
    to: BusinessDate.optional(),
    knownAt: KnownAtParam.optional(),
    reportedOn: ReportedOnParam.optional(),
    planId: Ulid.optional(),
    inspectionId: Ulid.optional(),
  })
  .refine((p) => p.reportedOn !== undefined || (p.from !== undefined && p.to !== undefined), {
    message: 'give from and to (or reportedOn)',
    path: ['from'],
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((p) => p.reportedOn === undefined || p.knownAt === undefined, reportedOnAlone.message);

export const OverdueParams = z
  .strictObject({
    on: BusinessDate.optional(),
    dueSoonDays: z.coerce.number().int().min(0).max(366).default(14),
    knownAt: KnownAtParam.optional(),
    reportedOn: ReportedOnParam.optional(),
    planId: Ulid.optional(),
    inspectionId: Ulid.optional(),
  })
  .refine(reportedOnAlone.check, reportedOnAlone.message);

export const RagOverTimeParams = z
  .strictObject({
    from: BusinessDate,
    to: BusinessDate,
    step: RagStep.default('month'),
    knownAt: KnownAtParam.optional(),
    /** Every point read as known when that report was presented. */
    reportedOn: ReportedOnParam.optional(),
    planId: Ulid.optional(),
    inspectionId: Ulid.optional(),
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
  .refine(reportedOnAlone.check, reportedOnAlone.message)
  // Refused, not cut short: a chart that silently stops before `to` would mislead its reader.
  .superRefine((p, ctx) => {
    const count = pointCount(p.from, p.to, p.step);
    if (count > MAX_POINTS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `makes ${count} points by ${p.step} from ${p.from}, more than ${MAX_POINTS}: choose a later from, an earlier to, or a longer step`,
      });
  });

export const BoardReportsParams = TimeParams;

export const BoardSummaryResult = BoardSummary.extend(Report);

export const ChangesBetweenResult = ChangesBetween.extend(Report);

export const OverdueResult = OverdueReport.extend(Report);

export const RagOverTimeResult = RagOverTime.extend(Report);

export const BoardReportsResult = z.strictObject({ ...Time, reports: z.array(BoardReportView) });

/** Total / Completed / Green / Amber / Red per portfolio, with drill-down. */
export function boardSummary(source: QuerySource, params?: unknown): z.infer<typeof BoardSummaryResult> {
  const p = parse(BoardSummaryParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const summary = summarise(source.index, pointOf(source, report, p), p.inspectionId, report?.planIds);
  return { ...summary, ...withReport(report) };
}

/** What changed between two business dates (both read at the same knownAt). */
export function changesBetween(source: QuerySource, params?: unknown): z.infer<typeof ChangesBetweenResult> {
  const p = parse(ChangesBetweenParams, params);
  const report = reportAsked(source, p.reportedOn, { planId: p.planId, inspectionId: p.inspectionId });
  const previous = report ? previousReport(source.index, report, nowOf(source).toISOString()) : null;
  // With a report: from the previous report's date to this one's, as known when it was presented.
  const to = p.to ?? report?.asOf ?? todayUtc(nowOf(source));
  const from = p.from ?? previous?.asOf ?? report?.boardDate ?? to;
  const knownAt = report?.knownAt ?? knownAtOf(source, p.knownAt);
  const changes = diff(
    source.index,
    { from, to, knownAt },
    { planId: p.planId, inspectionId: p.inspectionId },
  );
  const items = changes.items.filter((i) => presentedIn(report)(i.planId));
  return { ...changes, items, ...withReport(report) };
}

/** Open items past due, and due within `dueSoonDays`, on a date. */
export function overdue(source: QuerySource, params?: unknown): z.infer<typeof OverdueResult> {
  const p = parse(OverdueParams, params);
  const report = reportAsked(source, p.reportedOn, { planId: p.planId, inspectionId: p.inspectionId });
  const at = pointOf(source, report, { asOf: p.on, knownAt: p.knownAt });
  const found = overdueOf(source.index, at, p.dueSoonDays, {
    planId: p.planId,
    inspectionId: p.inspectionId,
  });
  if (!report) return found;
  const shown = (entry: { planId: string; leadPlanId: string }) => presentedIn(report)(entry.leadPlanId);
  return {
    ...found,
    overdue: found.overdue.filter((d) => shown(d.item)),
    dueSoon: found.dueSoon.filter((d) => shown(d.item)),
    undated: found.undated.filter(shown),
    report,
  };
}

/** RAG counts per date, for charts (at most 1000 points). */
export function ragOverTime(source: QuerySource, params?: unknown): z.infer<typeof RagOverTimeResult> {
  const p = parse(RagOverTimeParams, params);
  const report = reportAsked(source, p.reportedOn, { planId: p.planId, inspectionId: p.inspectionId });
  const knownAt = report?.knownAt ?? knownAtOf(source, p.knownAt);
  const series = ragSeries(
    source.index,
    { from: p.from, to: p.to, step: p.step, knownAt },
    { planId: p.planId, inspectionId: p.inspectionId },
  );
  return { ...series, ...withReport(report) };
}

/** Board reports presented on or before asOf (the dashboard's time slider stops). */
export function boardReports(source: QuerySource, params?: unknown): z.infer<typeof BoardReportsResult> {
  const p = parse(BoardReportsParams, params);
  const at = timePoint(source, p);
  return { ...at, reports: source.index.boardReportsAt(at) };
}
