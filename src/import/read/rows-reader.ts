import { readColumnTitles } from './columns.js';
import { dateOrderOf } from './date-order.js';
import { readingMonthFirst } from './dates.js';
import type { TableRow } from './delimited.js';
import type { TracedDocument } from './document-builder.js';
import { refuseConflictingColumns } from './duplicate-columns.js';
import { headingText } from './html-text.js';
import { classifyLone } from './lone-lines.js';
import { readPaperField } from './paper.js';
import { readPaperRowsTraced } from './paper-reader.js';
import { readTableRows, type TableOptions } from './table-reader.js';
import { tidyColumns } from './tidy-columns.js';

/** Options of `readRowsTraced`. */
export interface RowsOptions extends TableOptions {
  /** The rows are a board paper's text export: always read as a paper. */
  paper?: boolean;
}

const PLAN_HEADERS = new Set(['plan-heading', 'inspection-title', 'portfolio-owner', 'plan-owner']);

/**
 * True when table rows are a board paper saved from a spreadsheet rather than a flat table: no
 * Portfolio column, and plan headers ("SCT Portfolio Holder: …", "… IMPROVEMENT PLAN", the HMIC
 * title) or the paper's own fields ("REPORT TO:") in cells. Such a file is read exactly as the
 * text export of the same paper, so both land in the same inspection and plans.
 */
export function isPaperLayout(rows: readonly TableRow[]): boolean {
  let header = false;
  for (const row of rows) {
    const titles = readColumnTitles(row.cells);
    if (titles?.roles.includes('portfolio')) return false;
    if (header || titles !== null) continue;
    const filled = row.cells.map(headingText).filter((t) => t !== '');
    const kinds = filled.map((t) => classifyLone(t).type);
    header =
      kinds.some((k) => k === 'portfolio-owner' || k === 'plan-owner') ||
      (filled.length === 1 && (PLAN_HEADERS.has(kinds[0] ?? '') || readPaperField(filled[0] ?? '') !== null));
  }
  return header;
}

/**
 * One blank row where rows were skipped (XLSX lists only rows present) or a sheet ends: the
 * paper reader uses blank lines to tell a page banner's second line from a heading.
 */
function withBreaks(rows: readonly TableRow[]): TableRow[] {
  const out: TableRow[] = [];
  rows.forEach((row, i) => {
    const prev = rows[i - 1];
    if (prev !== undefined && (row.line > prev.line + 1 || row.sheet !== prev.sheet))
      out.push({ line: row.line - 0.5, cells: [] });
    out.push(row);
  });
  return out;
}

/**
 * Reads rows of cells from any format: columns nobody filled are taken out first, then a board
 * paper (text export, or the paper saved as CSV/TSV/XLSX) goes to the paper reader and a flat
 * table (one item per row, Portfolio column or one sheet per portfolio) to the table reader.
 */
export function readRowsTraced(rows: readonly TableRow[], options: RowsOptions): TracedDocument {
  refuseConflictingColumns(rows);
  const dates = dateOrderOf(rows);
  if (dates.order === 'month-first') {
    const traced = readingMonthFirst(() => readRowsInOrder(rows, options));
    traced.document.warnings = [...dates.notes, ...traced.document.warnings].sort((a, b) => a.line - b.line);
    return traced;
  }
  return readRowsInOrder(rows, options);
}

function readRowsInOrder(rows: readonly TableRow[], options: RowsOptions): TracedDocument {
  const tidy = tidyColumns(rows);
  const paper = options.paper === true || isPaperLayout(tidy.rows);
  const traced = paper
    ? readPaperRowsTraced(withBreaks(tidy.rows), options)
    : readTableRows(tidy.rows, options);
  const doc = traced.document;
  if (paper) {
    const sheetOf = new Map(tidy.rows.map((r) => [r.line, r.sheet]));
    for (const item of doc.inspections.flatMap((i) => i.plans.flatMap((p) => p.items))) {
      const sheet = sheetOf.get(item.line);
      if (sheet !== undefined) item.sheet = sheet;
    }
  }
  if (tidy.warnings.length > 0)
    doc.warnings = [...doc.warnings, ...tidy.warnings].sort((a, b) => a.line - b.line);
  return traced;
}
