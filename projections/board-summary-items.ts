import { z } from 'zod';
import type { AsOfIndex } from './as-of-index.js';
import { columnOf, ItemRef, itemRef, rowOf, SummaryRow } from './board-summary-schema.js';
import { forEachPlacement, type PlanRole } from './current-plans.js';
import type { ItemView } from './item-view.js';
import { timeKeys } from './stream-timeline.js';
import type { TimePoint } from './time.js';

/**
 * The items behind one number of the board summary, a page at a time, so the summary itself
 * carries counts only. A cell is (plan or every plan shown, row, column); its items are exactly
 * those `boardSummary` lists under the same cell (a test holds them equal), ordered by ref.
 */

/** Every list the summary keeps: the five columns, Total, the two "of which", and the uncounted. */
export const SummaryCell = z.enum([
  'total',
  'completed',
  'green',
  'amber',
  'red',
  'awaitingRag',
  'notApplicable',
  'transferredIn',
  'transferredOut',
  'ledElsewhere',
]);
export type SummaryCell = z.infer<typeof SummaryCell>;

/** transferredOut and ledElsewhere are per plan, not per row. */
const ROWLESS: ReadonlySet<SummaryCell> = new Set(['transferredOut', 'ledElsewhere']);

export interface CellAsked {
  /** One portfolio's cell; every portfolio shown (the "All portfolios" row) when absent. */
  planId?: string | undefined;
  inspectionId?: string | undefined;
  /** A presented report's plans: only these portfolios count. */
  planIds?: readonly string[] | undefined;
  /** Required except for transferredOut and ledElsewhere. */
  row?: SummaryRow | undefined;
  column: SummaryCell;
  offset: number;
  limit: number;
}

export const SummaryItemsPage = z.strictObject({
  asOf: z.string(),
  knownAt: z.string(),
  planId: z.string().nullable(),
  row: SummaryRow.nullable(),
  column: SummaryCell,
  /** How many items the cell holds (the number shown in the summary). */
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  items: z.array(ItemRef),
});
export type SummaryItemsPage = z.infer<typeof SummaryItemsPage>;

/** Whether an item placed in a plan with `role` belongs in the cell. */
function inCell(item: ItemView, role: PlanRole, transferredIn: boolean, asked: CellAsked): boolean {
  if (asked.column === 'transferredOut') return role === 'transferred-out';
  if (asked.column === 'ledElsewhere') return role === 'shared';
  if (role !== 'lead' || rowOf(item.kind) !== asked.row) return false;
  const column = columnOf(item);
  switch (asked.column) {
    case 'total':
      return column !== 'awaitingRag';
    case 'notApplicable':
      return column !== 'awaitingRag' && item.status === 'not-applicable';
    case 'transferredIn':
      return column !== 'awaitingRag' && transferredIn;
    default:
      return column === asked.column;
  }
}

const collator = new Intl.Collator('en', { numeric: true });

/** Whether the cell counts items placed in `planId`: the plan asked for, among the report's. */
const shown = (planId: string, asked: CellAsked): boolean =>
  (asked.planId === undefined || planId === asked.planId) &&
  (!asked.planIds || asked.planIds.includes(planId));

/**
 * Whether the item is behind the cell. As in the summary, the inspection filters items; the
 * plans are wherever those items sit. No allocation for the common item (never transferred or
 * shared: it sits in its own plan only, as lead, as forEachPlacement says), one closure else.
 */
function inPage(item: ItemView, asked: CellAsked): boolean {
  if (asked.inspectionId && item.inspectionId !== asked.inspectionId) return false;
  if (item.jointAllocation === null && item.transfers.length === 0)
    return shown(item.planId, asked) && inCell(item, 'lead', false, asked);
  let hit = false;
  forEachPlacement(item, (planId, role, transferredIn) => {
    if (!hit && shown(planId, asked) && inCell(item, role, transferredIn, asked)) hit = true;
  });
  return hit;
}

/**
 * One page of a cell at (asOf, knownAt). A plan's cell reads only the items that ever named
 * the plan: O(those items × log events-per-item); one inspection's "All portfolios" cell the
 * items that named its plans; the "All portfolios" cell of every inspection reads every item.
 */
export function summaryItems(index: AsOfIndex, at: TimePoint, asked: CellAsked): SummaryItemsPage {
  const found: ItemRef[] = [];
  // A page never shows an item's revision: read without stamping it (a walk and a copy each).
  const keys = timeKeys(at.asOf, at.knownAt);
  const { asOf, knownAt } = at;
  const visitId = (itemId: string) => {
    const item = index.items.get(itemId)?.stateAt(asOf, knownAt, keys, true) ?? null;
    if (item !== null && inPage(item, asked)) found.push(itemRef(item));
  };
  if (asked.planId !== undefined) {
    for (const itemId of index.itemIdsLinkedTo(asked.planId)) visitId(itemId);
  } else if (asked.inspectionId !== undefined) {
    // Every item of the inspection sat in one of the plans its count points name. An item
    // linked to several of them is read under the first only (no set built per page).
    const linked = index.countPoints
      .planIdsOf(asked.inspectionId)
      .map((planId) => index.itemIdsLinkedTo(planId));
    for (let k = 0; k < linked.length; k++)
      for (const itemId of linked[k] as ReadonlySet<string>) {
        let seen = false;
        for (let j = 0; j < k && !seen; j++) seen = (linked[j] as ReadonlySet<string>).has(itemId);
        if (!seen) visitId(itemId);
      }
  } else {
    index.forEachItemAt(
      at,
      (item) => {
        if (inPage(item, asked)) found.push(itemRef(item));
      },
      { withRevision: false },
    );
  }
  found.sort((a, b) => collator.compare(a.ref, b.ref) || (a.itemId < b.itemId ? -1 : 1));
  return {
    asOf: at.asOf,
    knownAt: at.knownAt,
    planId: asked.planId ?? null,
    row: ROWLESS.has(asked.column) ? null : (asked.row ?? null),
    column: asked.column,
    total: found.length,
    offset: asked.offset,
    limit: asked.limit,
    items: found.slice(asked.offset, asked.offset + asked.limit),
  };
}
