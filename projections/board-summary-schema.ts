import { z } from 'zod';
import { ItemKind, ItemStatus } from '../src/domain/fields.js';
import type { ItemView } from './item-view.js';

/**
 * The board summary's published shapes (OpenAPI is generated from them) and the two rules that
 * place an item in the table: its row (recommendations or AFIs) and its column. The rules are
 * written for a board secretary in docs/board-summary-rules.md; the folds that fill the table
 * are in board-summary.ts (every item at a time point) and live-board-counts.ts (kept on apply).
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
