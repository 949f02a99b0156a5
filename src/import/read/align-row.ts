import type { ColumnRole } from './columns.js';
import { isKnownNonDate, parseDate } from './dates.js';
import { htmlToText } from './html-text.js';
import { looksLikeRef } from './refs.js';

/** What a cell looks like, judged from its content alone. */
type CellShape = 'empty' | 'date' | 'dateWord' | 'rag' | 'yesNo' | 'ref' | 'long' | 'short';

function shapeOf(cell: string): CellShape {
  const text = htmlToText(cell);
  if (text === '') return 'empty';
  if (parseDate(text) !== null) return 'date';
  if (/^(red|amber|green|complete|completed)$/i.test(text)) return 'rag';
  if (/^(yes|no|y|n)$/i.test(text)) return 'yesNo';
  if (isKnownNonDate(text)) return 'dateWord';
  if (looksLikeRef(text)) return 'ref';
  return text.length > 60 ? 'long' : 'short';
}

const MISFIT = -5;

/** How well a cell of a given shape fits a column; empties fit anywhere at no gain. */
function fitScore(shape: CellShape, role: ColumnRole | null): number {
  if (shape === 'empty') return 0;
  if (role === null) return -1;
  switch (shape) {
    case 'date':
      return role === 'dueDate' || role === 'dateOfUpdate' ? 3 : MISFIT;
    case 'dateWord':
      return ['dueDate', 'dateOfUpdate', 'complete', 'rag', 'timescale'].includes(role) ? 2 : 0;
    case 'rag':
      return role === 'rag' ? 3 : role === 'dueDate' || role === 'complete' ? 1 : MISFIT;
    case 'yesNo':
      return role === 'complete' ? 3 : MISFIT;
    case 'ref':
      return role === 'ref' || role === 'parentRef' ? 3 : role === 'text' ? 0 : MISFIT;
    case 'long':
      return role === 'text' || role === 'initialResponse' || role === 'latestUpdate' ? 2 : MISFIT;
    case 'short':
      // A lone person cell is more often the Action Owner: every plan has that column.
      if (role === 'actionOwner') return 1.5;
      if (['strategicLead', 'portfolio', 'section', 'timescale', 'text'].includes(role)) return 1;
      if (role === 'initialResponse' || role === 'latestUpdate') return 0.5;
      return MISFIT;
    default: {
      const never: never = shape;
      return never;
    }
  }
}

/** A row's cells assigned to columns; `extra` holds cells no column could take. */
export interface AlignedRow {
  byRole: Map<ColumnRole, string>;
  /** True when cells had to be moved off their printed position. */
  shifted: boolean;
}

/**
 * Assigns a row's cells to columns. Rows with as many cells as columns are taken as printed. Rows
 * whose columns slipped (fewer cells: an export dropped empty columns) are aligned by content,
 * keeping cell order: the best monotonic match of cells to columns by shape (dates to date
 * columns, long text to text/response columns, RAG words to RAG), earliest column on ties.
 */
export function alignRow(cells: readonly string[], roles: ReadonlyArray<ColumnRole | null>): AlignedRow {
  const trimmed = trimTrailingEmpty(cells);
  if (trimmed.length <= roles.length && (trimmed.length === roles.length || isPrefixFit(trimmed, roles))) {
    return { byRole: collect(trimmed.map((c, i) => [roles[i] ?? null, c])), shifted: false };
  }
  if (trimmed.length > roles.length) {
    // More cells than columns: the surplus is glued onto the last column rather than dropped.
    const head = trimmed.slice(0, roles.length - 1);
    const tail = trimmed.slice(roles.length - 1).join(' ');
    return { byRole: collect([...head, tail].map((c, i) => [roles[i] ?? null, c])), shifted: true };
  }
  return { byRole: collect(bestAlignment(trimmed, roles)), shifted: true };
}

function trimTrailingEmpty(cells: readonly string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

/** A short row whose cells all fit their printed columns just lacks trailing empty cells. */
function isPrefixFit(cells: readonly string[], roles: ReadonlyArray<ColumnRole | null>): boolean {
  return cells.every((c, i) => fitScore(shapeOf(c), roles[i] ?? null) >= 0);
}

function collect(pairs: ReadonlyArray<readonly [ColumnRole | null, string]>): Map<ColumnRole, string> {
  const map = new Map<ColumnRole, string>();
  for (const [role, cell] of pairs) {
    if (role !== null && cell.trim() !== '') map.set(role, cell);
  }
  return map;
}

/** Dynamic programme over (cell i, column j): best total fit with cells kept in order. */
function bestAlignment(
  cells: readonly string[],
  roles: ReadonlyArray<ColumnRole | null>,
): Array<readonly [ColumnRole | null, string]> {
  const n = cells.length;
  const m = roles.length;
  const shapes = cells.map(shapeOf);
  // score[i][j]: best score placing cells i.. into columns j..
  const score: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = score[i] ?? [];
    row[m] = Number.NEGATIVE_INFINITY;
    for (let j = m - 1; j >= 0; j--) {
      const take = fitScore(shapes[i] ?? 'empty', roles[j] ?? null) + (score[i + 1]?.[j + 1] ?? 0);
      const skip = row[j + 1] ?? Number.NEGATIVE_INFINITY;
      row[j] = n - i > m - j ? Number.NEGATIVE_INFINITY : Math.max(take, skip);
    }
  }
  const pairs: Array<readonly [ColumnRole | null, string]> = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j < m) {
      const take = fitScore(shapes[i] ?? 'empty', roles[j] ?? null) + (score[i + 1]?.[j + 1] ?? 0);
      if (take >= (score[i]?.[j] ?? 0) && m - j - 1 >= n - i - 1) break;
      j++;
    }
    pairs.push([roles[j] ?? null, cells[i] ?? '']);
    j++;
  }
  return pairs;
}
