/**
 * The read side's public surface: every query the HTTP API and the CLI call, each with a zod
 * schema for its parameters (validated here, strictly: unknown keys are rejected) and for its
 * result (the API generates OpenAPI from them). Every query answers at (asOf, knownAt); both
 * default to now. `knownAt` may be a date, meaning the end of that UTC day, so
 * `{asOf: D, knownAt: D}` is "what the board saw on D" and `{asOf: D}` is "what we now know was
 * true on D".
 */
import { z } from 'zod';
import { BusinessDate, Instant, Ulid } from '../../src/domain/fields.js';
import { fieldIssues, NotFoundError, ValidationError } from '../../src/errors.js';
import type { AsOfIndex } from '../as-of-index.js';
import { BoardReportView } from '../board-report-view.js';
import { BoardSummary, boardSummary as summarise } from '../board-summary.js';
import { ChangesBetween, changesBetween as diff } from '../changes-between.js';
import { allPlanSnapshots, PlanSnapshot, planSnapshot } from '../current-plans.js';
import { itemHistory as historyOf, ItemHistory } from '../item-history.js';
import { ItemView } from '../item-view.js';
import { OverdueReport, overdue as overdueOf } from '../overdue.js';
import { PlanView } from '../plan-view.js';
import { MAX_POINTS, pointCount, RagOverTime, RagStep, ragOverTime as ragSeries } from '../rag-over-time.js';
import { asOfDate, knownAtInstant, type TimePoint, todayUtc } from '../time.js';

/** What queries read: the runner (or any holder of an index) and, for tests, a clock. */
export interface QuerySource {
  readonly index: AsOfIndex;
  readonly now?: () => Date;
}

/** A calendar date, or an instant (only its UTC date is used). */
const AsOfParam = z.union([BusinessDate, Instant]).describe('Business date YYYY-MM-DD; default today (UTC)');
/** An instant, or a date meaning the end of that UTC day. */
const KnownAtParam = z
  .union([BusinessDate, Instant])
  .describe('Record time: an instant, or a date meaning the end of that UTC day; default now');

export const TimeParams = z.strictObject({ asOf: AsOfParam.optional(), knownAt: KnownAtParam.optional() });
export type TimeParams = z.infer<typeof TimeParams>;

export const ListPlansParams = TimeParams.extend({ inspectionId: Ulid.optional() });
export const GetPlanParams = TimeParams;
export const GetItemParams = TimeParams;
export const ItemHistoryParams = z.strictObject({ knownAt: KnownAtParam.optional() });
export const BoardSummaryParams = TimeParams.extend({ inspectionId: Ulid.optional() });
export const ChangesBetweenParams = z
  .strictObject({
    from: BusinessDate,
    to: BusinessDate,
    knownAt: KnownAtParam.optional(),
    planId: Ulid.optional(),
    inspectionId: Ulid.optional(),
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] });
export const OverdueParams = z.strictObject({
  on: BusinessDate.optional(),
  dueSoonDays: z.coerce.number().int().min(0).max(366).default(14),
  knownAt: KnownAtParam.optional(),
  planId: Ulid.optional(),
  inspectionId: Ulid.optional(),
});
export const RagOverTimeParams = z
  .strictObject({
    from: BusinessDate,
    to: BusinessDate,
    step: RagStep.default('month'),
    knownAt: KnownAtParam.optional(),
    planId: Ulid.optional(),
    inspectionId: Ulid.optional(),
  })
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] })
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

const Time = { asOf: z.string(), knownAt: z.string() };

export const PlanListEntry = z.strictObject({
  planId: z.string(),
  plan: PlanView.nullable(),
  /** Items it answers for, items shared but led elsewhere, items transferred out. */
  lead: z.number().int(),
  shared: z.number().int(),
  transferredOut: z.number().int(),
});
export const ListPlansResult = z.strictObject({ ...Time, plans: z.array(PlanListEntry) });
export const GetPlansResult = z.strictObject({ ...Time, plans: z.array(PlanSnapshot) });
export const GetPlanResult = z.strictObject({ ...Time, ...PlanSnapshot.shape });
export const GetItemResult = z.strictObject({ ...Time, item: ItemView });
export const ItemHistoryResult = ItemHistory;
export const BoardSummaryResult = BoardSummary;
export const ChangesBetweenResult = ChangesBetween;
export const OverdueResult = OverdueReport;
export const RagOverTimeResult = RagOverTime;
export const BoardReportsResult = z.strictObject({ ...Time, reports: z.array(BoardReportView) });

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
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

/** Every plan (optionally of one inspection) with how many items it answers for, shares, lost. */
export function listPlans(source: QuerySource, params?: unknown): z.infer<typeof ListPlansResult> {
  const p = parse(ListPlansParams, params);
  const at = timePoint(source, p);
  const plans = allPlanSnapshots(source.index, at, p.inspectionId).map((s) => ({
    planId: s.planId,
    plan: s.plan,
    lead: s.items.filter((i) => i.role === 'lead').length,
    shared: s.items.filter((i) => i.role === 'shared').length,
    transferredOut: s.items.filter((i) => i.role === 'transferred-out').length,
  }));
  return { ...at, plans };
}

/** Every plan with all its items: current plans at (today, now), or a snapshot at any point. */
export function getPlans(source: QuerySource, params?: unknown): z.infer<typeof GetPlansResult> {
  const p = parse(ListPlansParams, params);
  const at = timePoint(source, p);
  return { ...at, plans: allPlanSnapshots(source.index, at, p.inspectionId) };
}

/** One plan with its items at (asOf, knownAt). NotFoundError if the plan is unknown then. */
export function getPlan(
  source: QuerySource,
  planId: string,
  params?: unknown,
): z.infer<typeof GetPlanResult> {
  const p = parse(GetPlanParams, params);
  const at = timePoint(source, p);
  const snapshot = planSnapshot(source.index, planId, at);
  if (!snapshot) throw new NotFoundError('plan', planId);
  return { ...at, ...snapshot };
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
export function itemHistory(source: QuerySource, itemId: string, params?: unknown): ItemHistory {
  const p = parse(ItemHistoryParams, params);
  const history = historyOf(source.index, itemId, knownAtOf(source, p.knownAt));
  if (!history || history.entries.length === 0) throw new NotFoundError('item', itemId);
  return history;
}

/** Total / Completed / Green / Amber / Red per portfolio, with drill-down. */
export function boardSummary(source: QuerySource, params?: unknown): BoardSummary {
  const p = parse(BoardSummaryParams, params);
  return summarise(source.index, timePoint(source, p), p.inspectionId);
}

/** What changed between two business dates (both read at the same knownAt). */
export function changesBetween(source: QuerySource, params?: unknown): ChangesBetween {
  const p = parse(ChangesBetweenParams, params);
  return diff(
    source.index,
    { from: p.from, to: p.to, knownAt: knownAtOf(source, p.knownAt) },
    { planId: p.planId, inspectionId: p.inspectionId },
  );
}

/** Open items past due, and due within `dueSoonDays`, on a date. */
export function overdue(source: QuerySource, params?: unknown): OverdueReport {
  const p = parse(OverdueParams, params);
  const at = timePoint(source, { asOf: p.on, knownAt: p.knownAt });
  return overdueOf(source.index, at, p.dueSoonDays, { planId: p.planId, inspectionId: p.inspectionId });
}

/** RAG counts per date, for charts (at most 1000 points). */
export function ragOverTime(source: QuerySource, params?: unknown): RagOverTime {
  const p = parse(RagOverTimeParams, params);
  return ragSeries(
    source.index,
    { from: p.from, to: p.to, step: p.step, knownAt: knownAtOf(source, p.knownAt) },
    { planId: p.planId, inspectionId: p.inspectionId },
  );
}

/** Board reports presented on or before asOf (the dashboard's time slider stops). */
export function boardReports(source: QuerySource, params?: unknown): z.infer<typeof BoardReportsResult> {
  const p = parse(BoardReportsParams, params);
  const at = timePoint(source, p);
  return { ...at, reports: source.index.boardReportsAt(at) };
}
