import type { AsOfIndex } from './as-of-index.js';
import { addRow, emptyRow, tally } from './board-counts.js';
import {
  type BoardCounts,
  type BoardSummary,
  columnOf,
  type ItemRef,
  itemRef,
  type PortfolioSummary,
  type RowCounts,
  rowOf,
  SummaryColumn,
  type SummaryCounts,
} from './board-summary-schema.js';
import { forEachPlacement, type PlanItem, type PlanSnapshot } from './current-plans.js';
import type { ItemView } from './item-view.js';
import type { TimePoint } from './time.js';

/**
 * Board summary at any time point: per portfolio plan, Total / Completed / Green / Amber / Red
 * for recommendations and for areas for improvement, with the items behind every number.
 * The rules are written for a board secretary in docs/board-summary-rules.md; in short:
 * - an item counts once, in the plan that answers for it (its own plan, or the joint lead);
 * - Completed = marked complete or not applicable (N/A is shown again as "of which N/A");
 *   a completed item is never also Green;
 * - Green / Amber / Red = open items by their current RAG;
 * - Total = Completed + Green + Amber + Red; open items never rated are listed as
 *   "awaiting a RAG" beside the table and are not in Total;
 * - transferred-out and shared-but-led-elsewhere items are listed, never counted.
 * This is the as-of path (every item folded at the point asked); the counts at the latest
 * point are also kept on apply (live-board-counts.ts), and a test holds the two equal.
 */

/** A row while it is summed: its lists only when they were asked for. */
type Row = RowCounts & { items?: SummaryCounts['items'] };
type Portfolio = Omit<
  PortfolioSummary,
  'recommendations' | 'areasForImprovement' | 'transferredOut' | 'ledElsewhere'
> & {
  recommendations: Row;
  areasForImprovement: Row;
  transferredOut?: ItemRef[];
  ledElsewhere?: ItemRef[];
};

const emptyCounts = (lists: boolean): Row => ({
  ...emptyRow(),
  ...(lists && {
    items: {
      completed: [],
      green: [],
      amber: [],
      red: [],
      awaitingRag: [],
      notApplicable: [],
      transferredIn: [],
    },
  }),
});

/** Adds one counted item to a row (and to its lists, when the row keeps them). */
function countItem(counts: Row, item: ItemView, transferredIn: boolean, ref: () => ItemRef): void {
  const column = columnOf(item);
  const notApplicable = item.status === 'not-applicable';
  tally(counts, column, notApplicable, transferredIn, 1);
  const items = counts.items;
  if (!items) return;
  items[column].push(ref());
  if (column === 'awaitingRag') return;
  if (notApplicable) items.notApplicable.push(ref());
  if (transferredIn) items.transferredIn.push(ref());
}

const emptySummary = (
  planId: string,
  portfolio: string | null,
  inspectionId: string | null,
  lists: boolean,
): Portfolio => ({
  planId,
  portfolio,
  inspectionId,
  recommendations: emptyCounts(lists),
  areasForImprovement: emptyCounts(lists),
  ...(lists && { transferredOut: [], ledElsewhere: [] }),
});

/** Puts one placement of an item (its role in one plan) into that plan's summary. */
function place(summary: Portfolio, entry: PlanItem, ref: () => ItemRef): void {
  switch (entry.role) {
    case 'lead':
      countItem(summary[rowOf(entry.item.kind)], entry.item, entry.transferredIn, ref);
      return;
    case 'shared':
      summary.ledElsewhere?.push(ref());
      return;
    case 'transferred-out':
      summary.transferredOut?.push(ref());
      return;
    default: {
      const unhandled: never = entry.role;
      throw new Error(`unhandled role ${String(unhandled)}`);
    }
  }
}

/** Summarises one plan snapshot. Pure. */
function summarisePlan(snapshot: PlanSnapshot): Portfolio {
  const summary = emptySummary(
    snapshot.planId,
    snapshot.plan?.portfolio ?? null,
    snapshot.plan?.inspectionId ?? snapshot.items[0]?.item.inspectionId ?? null,
    true,
  );
  for (const entry of snapshot.items)
    place(
      summary,
      entry,
      once(() => itemRef(entry.item)),
    );
  return summary;
}

/** Sums rows of several portfolios, lists included when both keep them. */
function addInto(into: Row, from: Row): void {
  addRow(into, from);
  if (!into.items || !from.items) return;
  for (const key of SummaryColumn.options) into.items[key].push(...from.items[key]);
  into.items.notApplicable.push(...from.items.notApplicable);
  into.items.transferredIn.push(...from.items.transferredIn);
}

/** One shared ItemRef per item and call, built only if a list asks for it. */
function once(make: () => ItemRef): () => ItemRef {
  let ref: ItemRef | undefined;
  return () => {
    ref ??= make();
    return ref;
  };
}

/** The board summary of plan snapshots. Pure. */
export function summarise(snapshots: readonly PlanSnapshot[], at: TimePoint): BoardSummary {
  return withOverall(snapshots.map(summarisePlan), at, true) as BoardSummary;
}

function withOverall(portfolios: Portfolio[], at: TimePoint, lists: boolean) {
  const overall = { recommendations: emptyCounts(lists), areasForImprovement: emptyCounts(lists) };
  for (const p of portfolios) {
    addInto(overall.recommendations, p.recommendations);
    addInto(overall.areasForImprovement, p.areasForImprovement);
  }
  return { asOf: at.asOf, knownAt: at.knownAt, portfolios, overall };
}

/**
 * Board summary of every plan (or one inspection's) at (asOf, knownAt). Equal to
 * `summarise(allPlanSnapshots(...))` (a test holds them equal) but in one pass over the items,
 * without building or sorting plan snapshots: O(items × log events-per-item). Drill-down lists
 * are in the order items were received.
 */
export function boardSummary(
  index: AsOfIndex,
  at: TimePoint,
  inspectionId?: string,
  /** Only these plans' portfolios (a presented report's); every plan when absent. */
  planIds?: readonly string[],
): BoardSummary {
  return summariseIndex(index, at, { inspectionId, planIds }, true) as BoardSummary;
}

/** Where an inspection's items are, so its counts read those items only. */
export interface InspectionScope {
  /** Its plans, in the order they were opened. */
  planIds: readonly string[];
  /** Every item that ever named one of them. */
  itemIds: Iterable<string>;
}

/**
 * `boardSummary` without the items behind the numbers: O(portfolios) answer. With a `scope`
 * (the inspection's plans and items, which live-board-counts.ts keeps), one inspection's counts
 * read only its own items: O(its items × log events-per-item) instead of every item.
 */
export function boardCounts(
  index: AsOfIndex,
  at: TimePoint,
  inspectionId?: string,
  planIds?: readonly string[],
  scope?: InspectionScope,
): BoardCounts {
  return summariseIndex(index, at, { inspectionId, planIds, scope }, false);
}

function summariseIndex(
  index: AsOfIndex,
  at: TimePoint,
  asked: {
    inspectionId?: string | undefined;
    planIds?: readonly string[] | undefined;
    scope?: InspectionScope;
  },
  lists: boolean,
) {
  const { inspectionId, planIds, scope } = asked;
  const byPlan = new Map<string, Portfolio>();
  for (const planId of scope?.planIds ?? index.plans.keys()) {
    const plan = index.planAt(planId, at);
    if (plan && (!inspectionId || plan.inspectionId === inspectionId)) {
      byPlan.set(planId, emptySummary(planId, plan.portfolio, plan.inspectionId, lists));
    }
  }
  const summaryOf = (planId: string, item: ItemView): Portfolio => {
    let summary = byPlan.get(planId);
    if (!summary) {
      summary = emptySummary(planId, null, item.inspectionId, lists);
      byPlan.set(planId, summary);
    }
    return summary;
  };
  const visit = (item: ItemView) => {
    if (inspectionId && item.inspectionId !== inspectionId) return;
    const ref = once(() => itemRef(item));
    if (item.jointAllocation === null && item.transfers.length === 0) {
      // The common item: counted in its own plan, nowhere else (same as forEachPlacement).
      countItem(summaryOf(item.planId, item)[rowOf(item.kind)], item, false, ref);
      return;
    }
    forEachPlacement(item, (planId, role, transferredIn) => {
      place(summaryOf(planId, item), { role, transferredIn, item }, ref);
    });
  };
  if (scope) {
    for (const itemId of scope.itemIds) {
      const item = index.itemAt(itemId, at);
      if (item) visit(item);
    }
  } else {
    // The summary never shows an item's revision: skip stamping it (a copy per item).
    index.forEachItemAt(at, visit, { withRevision: false });
  }
  const portfolios = [...byPlan.values()];
  return withOverall(planIds ? portfolios.filter((p) => planIds.includes(p.planId)) : portfolios, at, lists);
}
