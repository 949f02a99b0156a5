import { COUNT_COLUMNS } from './board-counts.js';
import { columnOf, rowOf, SummaryColumn } from './board-summary-schema.js';
import { forEachPlacement } from './current-plans.js';
import type { ItemView } from './item-view.js';

/**
 * What one stream adds to the board summary's numbers, as small integers: an item's placement
 * in a plan (its role, and when it leads there its row, column, N/A and transferred-in flags),
 * or a plan being open. A stream's contribution at a time point is a sorted list of keys
 * `plan × 64 + code`; the count points (board-count-points.ts) are signed changes of those.
 */

/** The plan is open (it gets a row even with no items). */
export const OPEN = 0;
const SHARED = 1;
const TRANSFERRED_OUT = 2;
const LEAD = 3;
export const CODES = 64;

/** Slots of one inspection's (or plan's) sums: 8 numbers per row, then open plans, then placements. */
export const ROW_SLOTS = COUNT_COLUMNS.length;
export const OPEN_SLOT = 2 * ROW_SLOTS;
export const PLACED_SLOT = OPEN_SLOT + 1;
export const SLOTS = PLACED_SLOT + 1;

const columnNo = new Map(SummaryColumn.options.map((c, n) => [c, n]));

function leadCode(item: ItemView, transferredIn: boolean): number {
  const row = rowOf(item.kind) === 'recommendations' ? 0 : 1;
  const column = columnNo.get(columnOf(item)) ?? 0;
  const na = item.status === 'not-applicable' ? 1 : 0;
  return LEAD + ((row * 5 + column) * 2 + na) * 2 + (transferredIn ? 1 : 0);
}

/**
 * The slots each code adds to, `-1`-terminated, 6 per code: the column, and unless it awaits a
 * RAG, Total and the "of which" it belongs to (docs/board-summary-rules.md); every placement
 * also counts as one (a plan never opened still has a row while it holds items).
 */
export const SLOTS_OF: Int8Array = (() => {
  const table = new Int8Array(CODES * 6).fill(-1);
  const put = (code: number, slots: number[]) => table.set(slots, code * 6);
  put(OPEN, [OPEN_SLOT]);
  put(SHARED, [PLACED_SLOT]);
  put(TRANSFERRED_OUT, [PLACED_SLOT]);
  for (let row = 0; row < 2; row++)
    for (const [column, c] of columnNo)
      for (let na = 0; na < 2; na++)
        for (let ti = 0; ti < 2; ti++) {
          const base = row * ROW_SLOTS;
          const slots = [base + COUNT_COLUMNS.indexOf(column), PLACED_SLOT];
          if (column !== 'awaitingRag') {
            slots.push(base + COUNT_COLUMNS.indexOf('total'));
            if (na) slots.push(base + COUNT_COLUMNS.indexOf('ofWhichNotApplicable'));
            if (ti) slots.push(base + COUNT_COLUMNS.indexOf('ofWhichTransferredIn'));
          }
          put(LEAD + ((row * 5 + c) * 2 + na) * 2 + ti, slots);
        }
  return table;
})();

/**
 * Whether `key` is still an item's one key: in one plan (`planIds[plan]`, its numbering), in no
 * joint allocation, never transferred, with the same row, column and flags. Compared without
 * looking its plan id up (a rebuild asks once per event).
 */
export function isSimpleKey(item: ItemView, key: number, planIds: readonly string[]): boolean {
  if (item.jointAllocation !== null || item.transfers.length !== 0) return false;
  const plan = Math.floor(key / CODES);
  return planIds[plan] === item.planId && key === plan * CODES + leadCode(item, false);
}

/** An item's keys at one point (sorted); `plan` numbers a plan id. */
export function itemKeys(item: ItemView | null, plan: (planId: string) => number): number[] {
  if (item === null) return [];
  if (item.jointAllocation === null && item.transfers.length === 0)
    return [plan(item.planId) * CODES + leadCode(item, false)];
  const keys: number[] = [];
  forEachPlacement(item, (planId, role, transferredIn) => {
    const code =
      role === 'lead' ? leadCode(item, transferredIn) : role === 'shared' ? SHARED : TRANSFERRED_OUT;
    keys.push(plan(planId) * CODES + code);
  });
  return keys.sort((a, b) => a - b);
}

export function sameKeys(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
