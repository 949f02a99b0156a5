/**
 * The read side's public surface: every query the HTTP API and the CLI call, each with a zod
 * schema for its parameters (validated here, strictly: unknown keys are rejected) and for its
 * result (the API generates OpenAPI from them). Every query answers at (asOf, knownAt); both
 * default to now. `knownAt` may be a date, meaning the end of that UTC day, so
 * `{asOf: D, knownAt: D}` is "what the board saw on D" and `{asOf: D}` is "what we now know was
 * true on D". `reportedOn: D` is what the board was actually shown: the snapshot of the latest
 * report presented on or before D, at the exact time point that report records (a change
 * recorded the same afternoon after the meeting is not in it); the answer names the report.
 */
import { z } from 'zod';
import { BusinessDate, Instant, Ulid } from '../../src/domain/fields.js';
import { fieldIssues, NotFoundError, ValidationError } from '../../src/errors.js';
import type { KeyNames } from '../actor-name.js';
import type { AsOfIndex } from '../as-of-index.js';
import { BoardReportView } from '../board-report-view.js';
import { boardSummary as summarise } from '../board-summary.js';
import { BoardSummary } from '../board-summary-schema.js';
import { ChangesBetween, changesBetween as diff } from '../changes-between.js';
import { allPlanSnapshots, PlanSnapshot, planSnapshot } from '../current-plans.js';
import { InspectionView } from '../inspection-view.js';
import { itemHistory as historyOf, ItemHistory } from '../item-history.js';
import { ItemView } from '../item-view.js';
import type { LiveBoardCounts } from '../live-board-counts.js';
import { OverdueReport, overdue as overdueOf } from '../overdue.js';
import { PlanView } from '../plan-view.js';
import {
  type PlansAsked,
  previousReport,
  ReportShown,
  reportShownOn,
  timePointOf,
} from '../presented-report.js';
import { MAX_POINTS, pointCount, RagOverTime, RagStep, ragOverTime as ragSeries } from '../rag-over-time.js';
import { asOfDate, knownAtInstant, type TimePoint, todayUtc } from '../time.js';

/** What queries read: the runner (or any holder of an index) and, for tests, a clock. */
export interface QuerySource {
  readonly index: AsOfIndex;
  /** The board counts kept on apply for the latest point (the runner's); absent: as-of only. */
  readonly counts?: LiveBoardCounts | null;
  readonly now?: () => Date;
}

/** A calendar date, or an instant (only its UTC date is used). */
const AsOfParam = z
  .union([BusinessDate, Instant], {
    error:
      'must be a real calendar date YYYY-MM-DD, e.g. 2011-04-27 (or a UTC instant such as 2011-04-27T09:30:00.000Z)',
  })
  .describe('Business date YYYY-MM-DD; default today (UTC)');
/** An instant, or a date meaning the end of that UTC day. */
const KnownAtParam = z
  .union([BusinessDate, Instant], {
    error:
      'must be a real calendar date YYYY-MM-DD (the end of that UTC day) or a UTC instant such as 2011-04-27T09:30:00.000Z',
  })
  .describe('Record time: an instant, or a date meaning the end of that UTC day; default now');

export const TimeParams = z.strictObject({ asOf: AsOfParam.optional(), knownAt: KnownAtParam.optional() });
export type TimeParams = z.infer<typeof TimeParams>;

/** "What the board saw on D": the latest report presented on or before D, exactly as shown. */
const ReportedOnParam = BusinessDate.describe(
  'What the board saw: the snapshot of the latest board report presented on or before this date, at the time point it records; replaces asOf and knownAt',
);
/** reportedOn names a time point of its own: asking for another one beside it is a mistake. */
export const reportedOnAlone = {
  check: (p: {
    reportedOn?: string | undefined;
    asOf?: string | undefined;
    knownAt?: string | undefined;
    on?: string | undefined;
  }) => p.reportedOn === undefined || (p.asOf === undefined && p.knownAt === undefined && p.on === undefined),
  message: {
    message: 'reportedOn gives the time point itself: leave out asOf, knownAt and on',
    path: ['reportedOn'],
  },
};
export const ReportedTimeParams = TimeParams.extend({ reportedOn: ReportedOnParam.optional() });

export const ListPlansParams = ReportedTimeParams.extend({ inspectionId: Ulid.optional() }).refine(
  reportedOnAlone.check,
  reportedOnAlone.message,
);
export const GetPlanParams = ReportedTimeParams.refine(reportedOnAlone.check, reportedOnAlone.message);
export const GetItemParams = TimeParams;
export const ItemHistoryParams = z.strictObject({ knownAt: KnownAtParam.optional() });
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
export const ListInspectionsParams = TimeParams;

const Time = { asOf: z.string(), knownAt: z.string() };
/** Present when the reader asked for `reportedOn`: the report whose snapshot this is. */
export const Report = { report: ReportShown.optional() };

export const PlanListEntry = z.strictObject({
  planId: z.string(),
  plan: PlanView.nullable(),
  /** Items it answers for, items shared but led elsewhere, items transferred out. */
  lead: z.number().int(),
  shared: z.number().int(),
  transferredOut: z.number().int(),
});
export const ListPlansResult = z.strictObject({ ...Time, plans: z.array(PlanListEntry), ...Report });
export const GetPlansResult = z.strictObject({ ...Time, plans: z.array(PlanSnapshot), ...Report });
export const GetPlanResult = z.strictObject({ ...Time, ...PlanSnapshot.shape, ...Report });
export const GetItemResult = z.strictObject({ ...Time, item: ItemView });
export const ItemHistoryResult = ItemHistory;
export const BoardSummaryResult = BoardSummary.extend(Report);
export const ChangesBetweenResult = ChangesBetween.extend(Report);
export const OverdueResult = OverdueReport.extend(Report);
export const RagOverTimeResult = RagOverTime.extend(Report);
export const ListInspectionsResult = z.strictObject({ ...Time, inspections: z.array(InspectionView) });
export const BoardReportsResult = z.strictObject({ ...Time, reports: z.array(BoardReportView) });

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError('invalid query parameters', fieldIssues(parsed.error));
}

const nowOf = (source: QuerySource): Date => source.now?.() ?? new Date();

function timePoint(
  source: QuerySource,
  p: { asOf?: string | undefined; knownAt?: string | undefined },
): TimePoint {
  const now = nowOf(source);
  return {
    asOf: p.asOf ? asOfDate(p.asOf) : todayUtc(now),
    knownAt: p.knownAt ? knownAtInstant(p.knownAt) : now.toISOString(),
  };
}

const knownAtOf = (source: QuerySource, knownAt: string | undefined): string =>
  knownAt ? knownAtInstant(knownAt) : nowOf(source).toISOString();

/** The report shown on `reportedOn` for the plans asked about, or undefined when not asked. */
export function reportAsked(
  source: QuerySource,
  reportedOn: string | undefined,
  asked: PlansAsked,
): ReportShown | undefined {
  if (reportedOn === undefined) return undefined;
  return reportShownOn(source.index, reportedOn, asked, nowOf(source).toISOString());
}

/** The time point asked for: the report's when there is one, else (asOf, knownAt). */
export const pointOf = (source: QuerySource, report: ReportShown | undefined, p: TimeParams): TimePoint =>
  report ? timePointOf(report) : timePoint(source, p);

/** Only the plans the report presented (all plans when no report was asked for). */
const presentedIn = (report: ReportShown | undefined) => (planId: string) =>
  report === undefined || report.planIds.includes(planId);

export const withReport = (report: ReportShown | undefined) => (report ? { report } : {});

/** Every plan (optionally of one inspection) with how many items it answers for, shares, lost. */
export function listPlans(source: QuerySource, params?: unknown): z.infer<typeof ListPlansResult> {
  const p = parse(ListPlansParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const at = pointOf(source, report, p);
  const shown = allPlanSnapshots(source.index, at, p.inspectionId).filter((s) =>
    presentedIn(report)(s.planId),
  );
  const plans = shown.map((s) => ({
    planId: s.planId,
    plan: s.plan,
    lead: s.items.filter((i) => i.role === 'lead').length,
    shared: s.items.filter((i) => i.role === 'shared').length,
    transferredOut: s.items.filter((i) => i.role === 'transferred-out').length,
  }));
  return { ...at, plans, ...withReport(report) };
}

/** Every plan with all its items: current plans at (today, now), or a snapshot at any point. */
export function getPlans(source: QuerySource, params?: unknown): z.infer<typeof GetPlansResult> {
  const p = parse(ListPlansParams, params);
  const report = reportAsked(source, p.reportedOn, { inspectionId: p.inspectionId });
  const at = pointOf(source, report, p);
  const plans = allPlanSnapshots(source.index, at, p.inspectionId).filter((s) =>
    presentedIn(report)(s.planId),
  );
  return { ...at, plans, ...withReport(report) };
}

/** One plan with its items at (asOf, knownAt). NotFoundError if the plan is unknown then. */
export function getPlan(
  source: QuerySource,
  planId: string,
  params?: unknown,
): z.infer<typeof GetPlanResult> {
  const p = parse(GetPlanParams, params);
  const report = reportAsked(source, p.reportedOn, { planId });
  const at = pointOf(source, report, p);
  const snapshot = planSnapshot(source.index, planId, at);
  if (!snapshot) throw new NotFoundError('plan', planId);
  return { ...at, ...snapshot, ...withReport(report) };
}

/** One item at (asOf, knownAt). NotFoundError if it was not received (or known) by then. */
export function getItem(
  source: QuerySource,
  itemId: string,
  params?: unknown,
): z.infer<typeof GetItemResult> {
  const p = parse(GetItemParams, params);
  const at = timePoint(source, p);
  const item = source.index.itemAt(itemId, at);
  if (!item) throw new NotFoundError('item', itemId);
  return { ...at, item };
}

/** The audit trail of one item as known at knownAt. */
export function itemHistory(
  source: QuerySource,
  itemId: string,
  params?: unknown,
  /** API key names by id, so entries name who did it (the key store; absent in tests and the CLI). */
  keyNames?: KeyNames,
): ItemHistory {
  const p = parse(ItemHistoryParams, params);
  const history = historyOf(source.index, itemId, knownAtOf(source, p.knownAt), keyNames);
  if (!history || history.entries.length === 0) throw new NotFoundError('item', itemId);
  return history;
}

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

/** Every inspection registered by (asOf, knownAt), by title: what the dashboard and CLI pick from. */
export function listInspections(
  source: QuerySource,
  params?: unknown,
): z.infer<typeof ListInspectionsResult> {
  const p = parse(ListInspectionsParams, params);
  const at = timePoint(source, p);
  const inspections: InspectionView[] = [];
  for (const id of source.index.inspections.keys()) {
    const inspection = source.index.inspectionAt(id, at);
    if (inspection) inspections.push(inspection);
  }
  inspections.sort((a, b) => a.title.localeCompare(b.title, 'en'));
  return { ...at, inspections };
}
