import { z } from 'zod';
import { type PortfolioCounts, RowCounts, type SummaryColumn } from './board-summary-schema.js';

/**
 * The board summary's numbers as arithmetic: how one counted item changes a row, how rows add
 * up, and the compact answer for every inspection at once. Shared by the fold over every item
 * at a time point (board-summary.ts) and the counts kept on apply (live-board-counts.ts), so
 * the two can only disagree if a test says so.
 */

export const emptyRow = (): RowCounts => ({
  total: 0,
  completed: 0,
  green: 0,
  amber: 0,
  red: 0,
  ofWhichNotApplicable: 0,
  ofWhichTransferredIn: 0,
  awaitingRag: 0,
});

/**
 * Adds (sign 1) or takes away (sign -1) one item counted in a row: its column; unless it awaits
 * a RAG, Total and the two "of which" it belongs to (docs/board-summary-rules.md).
 */
export function tally(
  row: RowCounts,
  column: SummaryColumn,
  notApplicable: boolean,
  transferredIn: boolean,
  sign: 1 | -1,
): void {
  row[column] += sign;
  if (column === 'awaitingRag') return;
  row.total += sign;
  if (notApplicable) row.ofWhichNotApplicable += sign;
  if (transferredIn) row.ofWhichTransferredIn += sign;
}

/** Sums `from` into `into`. */
export function addRow(into: RowCounts, from: RowCounts): void {
  into.total += from.total;
  into.completed += from.completed;
  into.green += from.green;
  into.amber += from.amber;
  into.red += from.red;
  into.ofWhichNotApplicable += from.ofWhichNotApplicable;
  into.ofWhichTransferredIn += from.ofWhichTransferredIn;
  into.awaitingRag += from.awaitingRag;
}

/** The order of the numbers in a `CountsTuple`. */
export const COUNT_COLUMNS = [
  'total',
  'completed',
  'green',
  'amber',
  'red',
  'ofWhichNotApplicable',
  'ofWhichTransferredIn',
  'awaitingRag',
] as const;

const count = z.number().int();
/**
 * One row's eight numbers in the order of `columns` (total, completed, green, amber, red,
 * ofWhichNotApplicable, ofWhichTransferredIn, awaitingRag). A list, not an object, so that a
 * national ledger's every-inspection answer stays small (≈ 130 bytes an inspection).
 */
export const CountsTuple = z
  .tuple([count, count, count, count, count, count, count, count])
  .describe(`the row's numbers in the order of columns: ${COUNT_COLUMNS.join(', ')}`);
export type CountsTuple = z.infer<typeof CountsTuple>;

export const toTuple = (row: RowCounts): CountsTuple => [
  row.total,
  row.completed,
  row.green,
  row.amber,
  row.red,
  row.ofWhichNotApplicable,
  row.ofWhichTransferredIn,
  row.awaitingRag,
];

/** One inspection's totals over all its portfolios. */
export const InspectionCounts = z.strictObject({
  inspectionId: z.string(),
  recommendations: CountsTuple,
  areasForImprovement: CountsTuple,
});
export type InspectionCounts = z.infer<typeof InspectionCounts>;

/**
 * The board summary of every inspection as one line each (the default without `inspectionId`):
 * O(inspections) in size. An inspection's portfolios are one `inspectionId=…` away.
 */
export const BoardCountsByInspection = z.strictObject({
  asOf: z.string(),
  knownAt: z.string(),
  /** What each position of a row's list counts. */
  columns: z.array(z.enum(COUNT_COLUMNS)),
  /** By inspection id (ULIDs: the order they were registered in). */
  inspections: z.array(InspectionCounts),
  /** Every inspection together; each item is in exactly one inspection's numbers. */
  overall: z.strictObject({ recommendations: RowCounts, areasForImprovement: RowCounts }),
});
export type BoardCountsByInspection = z.infer<typeof BoardCountsByInspection>;

export interface RowPair {
  recommendations: RowCounts;
  areasForImprovement: RowCounts;
}

export const emptyPair = (): RowPair => ({ recommendations: emptyRow(), areasForImprovement: emptyRow() });

/** The sum of several portfolios' (or inspections') rows. */
export function overallOf(rows: Iterable<RowPair>): RowPair {
  const overall = emptyPair();
  for (const r of rows) {
    addRow(overall.recommendations, r.recommendations);
    addRow(overall.areasForImprovement, r.areasForImprovement);
  }
  return overall;
}

/** Portfolio rows summed per inspection, by inspection id. */
export function groupByInspection(portfolios: readonly PortfolioCounts[]): Map<string, RowPair> {
  const byInspection = new Map<string, RowPair>();
  for (const p of portfolios) {
    if (p.inspectionId === null) continue;
    let pair = byInspection.get(p.inspectionId);
    if (!pair) {
      pair = emptyPair();
      byInspection.set(p.inspectionId, pair);
    }
    addRow(pair.recommendations, p.recommendations);
    addRow(pair.areasForImprovement, p.areasForImprovement);
  }
  return byInspection;
}

/** The compact every-inspection answer from per-inspection rows. */
export function inspectionAnswer(
  at: { asOf: string; knownAt: string },
  rows: ReadonlyMap<string, RowPair>,
): BoardCountsByInspection {
  const sorted = [...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const inspections: InspectionCounts[] = [];
  for (const [inspectionId, pair] of sorted) {
    inspections.push({
      inspectionId,
      recommendations: toTuple(pair.recommendations),
      areasForImprovement: toTuple(pair.areasForImprovement),
    });
  }
  return {
    asOf: at.asOf,
    knownAt: at.knownAt,
    columns: [...COUNT_COLUMNS],
    inspections,
    overall: overallOf(rows.values()),
  };
}
