import { z } from 'zod';
import { ItemKind, ItemStatus } from '../src/domain/fields.js';
import type { AsOfIndex } from './as-of-index.js';
import { forEachPlacement, type PlanItem, type PlanSnapshot } from './current-plans.js';
import type { ItemView } from './item-view.js';
import type { TimePoint } from './time.js';

/**
 * Board summary: per portfolio plan, Total / Completed / Green / Amber / Red for
 * recommendations and for areas for improvement, with the items behind every number.
 * The rules are written for a board secretary in docs/board-summary-rules.md; in short:
 * - an item counts once, in the plan that answers for it (its own plan, or the joint lead);
 * - Completed = marked complete or not applicable (N/A is shown again as "of which N/A");
 *   a completed item is never also Green;
 * - Green / Amber / Red = open items by their current RAG;
 * - Total = Completed + Green + Amber + Red; open items never rated are listed as
 *   "awaiting a RAG" beside the table and are not in Total;
 * - transferred-out and shared-but-led-elsewhere items are listed, never counted.
 */

/** Which row of the table an item goes in. National and sub-recommendations are recommendations. */
export const SummaryRow = z.enum(['recommendations', 'areasForImprovement']);
export type SummaryRow = z.infer<typeof SummaryRow>;

export const rowOf = (kind: ItemView['kind']): SummaryRow =>
  kind === 'area-for-improvement' ? 'areasForImprovement' : 'recommendations';

/** The column an item counted in a plan falls in. */
export const SummaryColumn = z.enum(['completed', 'green', 'amber', 'red', 'awaitingRag']);
export type SummaryColumn = z.infer<typeof SummaryColumn>;

export function columnOf(item: ItemView): SummaryColumn {
  if (item.status !== 'open') return 'completed';
  switch (item.rag) {
    case 'GREEN':
      return 'green';
    case 'AMBER':
      return 'amber';
    case 'RED':
      return 'red';
    case null:
      return 'awaitingRag';
    default: {
      const unhandled: never = item.rag;
      return unhandled;
    }
  }
}

/** An item behind a number: enough to list it and to open it. */
export const ItemRef = z.strictObject({
  itemId: z.string(),
  ref: z.string(),
  kind: ItemKind,
  status: ItemStatus,
  rag: z.enum(['RED', 'AMBER', 'GREEN']).nullable(),
  /** The plan it is in now and the plan that answers for it. */
  planId: z.string(),
  leadPlanId: z.string(),
});
export type ItemRef = z.infer<typeof ItemRef>;

const itemList = z.array(ItemRef);

/** One row (recommendations or AFIs): the paper's five numbers, the extras, and the drill-down. */
export const SummaryCounts = z.strictObject({
  total: z.number().int(),
  completed: z.number().int(),
  green: z.number().int(),
  amber: z.number().int(),
  red: z.number().int(),
  /** Of Completed, how many were marked not applicable. */
  ofWhichNotApplicable: z.number().int(),
  /** Of Total, how many came in from another portfolio. */
  ofWhichTransferredIn: z.number().int(),
  /** Open and never rated: listed, not in Total. */
  awaitingRag: z.number().int(),
  items: z.strictObject({
    completed: itemList,
    green: itemList,
    amber: itemList,
    red: itemList,
    awaitingRag: itemList,
    notApplicable: itemList,
    transferredIn: itemList,
  }),
});
export type SummaryCounts = z.infer<typeof SummaryCounts>;

export const PortfolioSummary = z.strictObject({
  planId: z.string(),
  portfolio: z.string().nullable(),
  inspectionId: z.string().nullable(),
  recommendations: SummaryCounts,
  areasForImprovement: SummaryCounts,
  /** Moved to another portfolio: shown for the record, counted there. */
  transferredOut: itemList,
  /** Jointly allocated here but answered (and counted) by another plan. */
  ledElsewhere: itemList,
});
export type PortfolioSummary = z.infer<typeof PortfolioSummary>;

export const BoardSummary = z.strictObject({
  asOf: z.string(),
  knownAt: z.string(),
  portfolios: z.array(PortfolioSummary),
  /** All portfolios together; each item is in exactly one portfolio's numbers. */
  overall: z.strictObject({ recommendations: SummaryCounts, areasForImprovement: SummaryCounts }),
});
export type BoardSummary = z.infer<typeof BoardSummary>;

/**
 * The same numbers without the items behind them: O(portfolios), whatever the number of items.
 * A cell's items are read a page at a time (`board-summary-items.ts`).
 */
export const RowCounts = SummaryCounts.omit({ items: true });
export type RowCounts = z.infer<typeof RowCounts>;
export const PortfolioCounts = PortfolioSummary.omit({ transferredOut: true, ledElsewhere: true }).extend({
  recommendations: RowCounts,
  areasForImprovement: RowCounts,
});
export type PortfolioCounts = z.infer<typeof PortfolioCounts>;
export const BoardCounts = BoardSummary.extend({
  portfolios: z.array(PortfolioCounts),
  overall: z.strictObject({ recommendations: RowCounts, areasForImprovement: RowCounts }),
});
export type BoardCounts = z.infer<typeof BoardCounts>;

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
  total: 0,
  completed: 0,
  green: 0,
  amber: 0,
  red: 0,
  ofWhichNotApplicable: 0,
  ofWhichTransferredIn: 0,
  awaitingRag: 0,
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

export function itemRef(item: ItemView): ItemRef {
  return {
    itemId: item.itemId,
    ref: item.ref,
    kind: item.kind,
    status: item.status,
    rag: item.rag,
    planId: item.planId,
    leadPlanId: item.jointAllocation?.leadPlanId ?? item.planId,
  };
}

/** Adds one counted item to a row (and to its lists, when the row keeps them). */
function countItem(counts: Row, item: ItemView, transferredIn: boolean, ref: () => ItemRef): void {
  const column = columnOf(item);
  const items = counts.items;
  counts[column]++;
  items?.[column].push(ref());
  if (column === 'awaitingRag') return;
  counts.total++;
  if (item.status === 'not-applicable') {
    counts.ofWhichNotApplicable++;
    items?.notApplicable.push(ref());
  }
  if (transferredIn) {
    counts.ofWhichTransferredIn++;
    items?.transferredIn.push(ref());
  }
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

/** Sums rows of several portfolios. */
function addInto(into: Row, from: Row): void {
  into.total += from.total;
  into.completed += from.completed;
  into.green += from.green;
  into.amber += from.amber;
  into.red += from.red;
  into.ofWhichNotApplicable += from.ofWhichNotApplicable;
  into.ofWhichTransferredIn += from.ofWhichTransferredIn;
  into.awaitingRag += from.awaitingRag;
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
  return summariseIndex(index, at, inspectionId, planIds, true) as BoardSummary;
}

/** `boardSummary` without the items behind the numbers: same pass, O(portfolios) answer. */
export function boardCounts(
  index: AsOfIndex,
  at: TimePoint,
  inspectionId?: string,
  planIds?: readonly string[],
): BoardCounts {
  return summariseIndex(index, at, inspectionId, planIds, false);
}

function summariseIndex(
  index: AsOfIndex,
  at: TimePoint,
  inspectionId: string | undefined,
  planIds: readonly string[] | undefined,
  lists: boolean,
) {
  const byPlan = new Map<string, Portfolio>();
  for (const planId of index.plans.keys()) {
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
  index.forEachItemAt(
    at,
    (item) => {
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
      // The summary never shows an item's revision: skip stamping it (a copy per item).
    },
    { withRevision: false },
  );
  const portfolios = [...byPlan.values()];
  return withOverall(planIds ? portfolios.filter((p) => planIds.includes(p.planId)) : portfolios, at, lists);
}
