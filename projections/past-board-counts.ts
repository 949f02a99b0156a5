import type { AsOfIndex } from './as-of-index.js';
import type { BoardCountPoints } from './board-count-points.js';
import {
  type BoardCountsByInspection,
  COUNT_COLUMNS,
  type InspectionCounts,
  type RowPair,
} from './board-counts.js';
import type { PortfolioCounts, RowCounts } from './board-summary-schema.js';
import { OPEN_SLOT, PLACED_SLOT, ROW_SLOTS, SLOTS } from './count-codes.js';
import { hasPlacements, sumsByInspection, sumsByPlan } from './count-point-sums.js';
import { timeKeys } from './stream-timeline.js';
import type { TimePoint } from './time.js';

/**
 * The board summary's counts at any time point read from the count points the index keeps
 * (board-count-points.ts): every inspection in one pass over the points, one inspection from
 * its own points, no item folded. Equal to the fold over every item (board-summary.ts); a
 * property test holds them equal at random points.
 */

/** A row's eight numbers from its slots (in COUNT_COLUMNS order). */
function rowAt(sums: Int32Array, base: number): RowCounts {
  return {
    total: sums[base] as number,
    completed: sums[base + 1] as number,
    green: sums[base + 2] as number,
    amber: sums[base + 3] as number,
    red: sums[base + 4] as number,
    ofWhichNotApplicable: sums[base + 5] as number,
    ofWhichTransferredIn: sums[base + 6] as number,
    awaitingRag: sums[base + 7] as number,
  };
}

const pairAt = (sums: Int32Array, base: number): RowPair => ({
  recommendations: rowAt(sums, base),
  areasForImprovement: rowAt(sums, base + ROW_SLOTS),
});

/**
 * Every inspection's rows at `at`, by inspection id: those with a plan open then or an item
 * placed in one of its plans (as the fold lists them).
 */
export function inspectionRowsAt(index: AsOfIndex, at: TimePoint): Map<string, RowPair> {
  const points = index.countPoints;
  const sums = sumsByInspection(points, timeKeys(at.asOf, at.knownAt));
  const out = new Map<string, RowPair>();
  points.inspections.ids.forEach((id, i) => {
    const base = i * SLOTS;
    if ((sums[base + OPEN_SLOT] as number) > 0 || (sums[base + PLACED_SLOT] as number) > 0)
      out.set(id, pairAt(sums, base));
  });
  return out;
}

const byId = new WeakMap<BoardCountPoints, Int32Array>();

/** Inspection numbers in the order of their ids (the answer's order), kept until one is added. */
function idOrder(points: BoardCountPoints): Int32Array {
  const ids = points.inspections.ids;
  let order = byId.get(points);
  if (order?.length !== ids.length) {
    order = Int32Array.from(ids.keys()).sort((a, b) => {
      const x = ids[a] as string;
      const y = ids[b] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    byId.set(points, order);
  }
  return order;
}

const tupleAt = (sums: Int32Array, base: number): InspectionCounts['recommendations'] => [
  sums[base] as number,
  sums[base + 1] as number,
  sums[base + 2] as number,
  sums[base + 3] as number,
  sums[base + 4] as number,
  sums[base + 5] as number,
  sums[base + 6] as number,
  sums[base + 7] as number,
];

/**
 * The every-inspection answer at `at` (board-counts.ts, `inspectionAnswer` of
 * `inspectionRowsAt`), written straight from the sums: a line per inspection listed, and no
 * rows, map or sort in between (a national ledger's 1,100 inspections each call).
 */
export function inspectionAnswerAt(index: AsOfIndex, at: TimePoint): BoardCountsByInspection {
  const points = index.countPoints;
  const sums = sumsByInspection(points, timeKeys(at.asOf, at.knownAt));
  const inspections: InspectionCounts[] = [];
  const overall = new Int32Array(2 * ROW_SLOTS);
  for (const i of idOrder(points)) {
    const base = i * SLOTS;
    if ((sums[base + OPEN_SLOT] as number) <= 0 && (sums[base + PLACED_SLOT] as number) <= 0) continue;
    inspections.push({
      inspectionId: points.inspections.ids[i] as string,
      recommendations: tupleAt(sums, base),
      areasForImprovement: tupleAt(sums, base + ROW_SLOTS),
    });
    for (let s = 0; s < 2 * ROW_SLOTS; s++) overall[s] = (overall[s] as number) + (sums[base + s] as number);
  }
  return {
    asOf: at.asOf,
    knownAt: at.knownAt,
    columns: [...COUNT_COLUMNS],
    inspections,
    overall: pairAt(overall, 0),
  };
}

/**
 * One inspection's portfolio rows at `at`, in the order the plans were opened (only `planIds`
 * when given: a presented report's). Null when one of its plans holds items at `at` without
 * being open then (a plan opened late): the fold answers that rare case, in its own order.
 */
export function inspectionPortfoliosAt(
  index: AsOfIndex,
  at: TimePoint,
  inspectionId: string,
  planIds?: readonly string[],
): PortfolioCounts[] | null {
  const points = index.countPoints;
  const byPlan = sumsByPlan(points, inspectionId, timeKeys(at.asOf, at.knownAt));
  if (byPlan === null) return [];
  const rows: [number, PortfolioCounts][] = [];
  for (const [planNo, sums] of byPlan) {
    const planId = points.plans.ids[planNo] as string;
    const plan = index.planAt(planId, at);
    if (plan === null || plan.inspectionId !== inspectionId) {
      if (hasPlacements(sums)) return null;
      continue;
    }
    if (planIds && !planIds.includes(planId)) continue;
    rows.push([
      points.planSeq[planNo] ?? Number.POSITIVE_INFINITY,
      { planId, portfolio: plan.portfolio, inspectionId: plan.inspectionId, ...pairAt(sums, 0) },
    ]);
  }
  return rows.sort(([a], [b]) => a - b).map(([, row]) => row);
}
