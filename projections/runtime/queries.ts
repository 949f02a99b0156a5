/**
 * The read side's public surface: every query the HTTP API and the CLI call, each with a zod
 * schema for its parameters (validated here, strictly: unknown keys are rejected) and for its
 * result (the API generates OpenAPI from them). This file holds the plan, item and inspection
 * reads; the time point parameters are in query-time.ts, the board's reads in
 * report-queries.ts and board-queries.ts, and all of them are re-exported here so callers have
 * one place to import from.
 */
import { z } from 'zod';
import { Ulid } from '../../src/domain/fields.js';
import { NotFoundError } from '../../src/errors.js';
import type { KeyNames } from '../actor-name.js';
import { allPlanSnapshots, PlanSnapshot, planSnapshot } from '../current-plans.js';
import { InspectionView } from '../inspection-view.js';
import { itemHistory as historyOf, ItemHistory } from '../item-history.js';
import { ItemView } from '../item-view.js';
import { PlanView } from '../plan-view.js';
import {
  KnownAtParam,
  knownAtOf,
  parse,
  pointOf,
  presentedIn,
  type QuerySource,
  Report,
  ReportedTimeParams,
  reportAsked,
  reportedOnAlone,
  Time,
  TimeParams,
  timePoint,
  withReport,
} from './query-time.js';

export {
  parse,
  pointOf,
  type QuerySource,
  Report,
  ReportedTimeParams,
  reportAsked,
  reportedOnAlone,
  TimeParams,
  withReport,
} from './query-time.js';
export {
  BoardReportsParams,
  BoardReportsResult,
  BoardSummaryParams,
  BoardSummaryResult,
  boardReports,
  boardSummary,
  ChangesBetweenParams,
  ChangesBetweenResult,
  changesBetween,
  OverdueParams,
  OverdueResult,
  overdue,
  RagOverTimeParams,
  RagOverTimeResult,
  ragOverTime,
} from './report-queries.js';

export const ListPlansParams = ReportedTimeParams.extend({ inspectionId: Ulid.optional() }).refine(
  reportedOnAlone.check,
  reportedOnAlone.message,
);
export const GetPlanParams = ReportedTimeParams.refine(reportedOnAlone.check, reportedOnAlone.message);
export const GetItemParams = TimeParams;
export const ItemHistoryParams = z.strictObject({ knownAt: KnownAtParam.optional() });
export const ListInspectionsParams = TimeParams;

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
export const ListInspectionsResult = z.strictObject({ ...Time, inspections: z.array(InspectionView) });

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
  // Written out (not spread): the same members in the same order, one object made.
  const { asOf, knownAt } = at;
  const { plan, items } = snapshot;
  return report ? { asOf, knownAt, planId, plan, items, report } : { asOf, knownAt, planId, plan, items };
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
