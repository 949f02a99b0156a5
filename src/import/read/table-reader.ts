import type { ItemKind, ProgressCallback } from '../parsed-document.js';
import { type ColumnLayout, type ColumnRole, isRuleRow, readColumnTitles } from './columns.js';
import type { TableRow } from './delimited.js';
import { DocumentBuilder, type TracedDocument } from './document-builder.js';
import { cellText, headingText } from './html-text.js';
import { buildItem } from './item-builder.js';
import { classifyLone } from './lone-lines.js';
import { kindOfHeading } from './refs.js';
import { isTotalsRow } from './totals-rows.js';

/** Options of the table readers (CSV, TSV, XLSX). */
export interface TableOptions {
  source: string;
  /** Inspection title when the table has no Inspection column; defaults to the source's base name. */
  inspection?: string;
  onProgress?: ProgressCallback;
}

/** Headings in force while reading one sheet. */
interface Context {
  layout: ColumnLayout | null;
  headingKind: ItemKind | null;
  section: string | null;
  timescale: string | null;
  sheet: string | undefined;
}

function defaultInspection(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? source;
  return base.replace(/\.[^.]+$/, '') || 'Untitled inspection';
}

/**
 * Reads the records of a CSV/TSV file or an XLSX workbook: a column-title row (matched by name),
 * then one item per row. The plan is the Portfolio column, else the sheet name. Rows holding
 * only a first cell are headings that apply to the rows below, as in the text exports.
 */
export function readTableRows(rows: readonly TableRow[], options: TableOptions): TracedDocument {
  const b = new DocumentBuilder(options.source);
  const fallbackInspection = options.inspection ?? defaultInspection(options.source);
  let ctx: Context = { layout: null, headingKind: null, section: null, timescale: null, sheet: undefined };
  let warnedPortfolio = false;
  for (const [i, row] of rows.entries()) {
    options.onProgress?.(i + 1, rows.length);
    if (row.sheet !== ctx.sheet)
      ctx = { layout: null, headingKind: null, section: null, timescale: null, sheet: row.sheet };
    const filledAt = row.cells.map((c, j) => (cellText(c) === null ? -1 : j)).filter((j) => j >= 0);
    if (filledAt.length === 0) continue;
    const titles = readColumnTitles(row.cells);
    if (isRuleRow(row.cells) || titles !== null || ctx.layout === null) {
      if (titles !== null) ctx.layout = titles;
      b.skip(
        row.line,
        isRuleRow(row.cells) ? 'table rule' : titles ? 'column titles' : 'row before any column titles',
      );
      continue;
    }
    if (isTotalsRow(row.cells)) {
      b.skip(row.line, 'totals row: it counts the rows above, it is not an item');
      continue;
    }
    const lone = filledAt.length === 1 && (filledAt[0] ?? 0) <= 1;
    const at = filledAt[0] ?? 0;
    const inText = ctx.layout.roles[at] === 'text';
    if (lone && heading(b, ctx, headingText(row.cells[at] ?? ''), row.line, inText)) continue;
    const byRole = positional(row.cells, ctx.layout.roles);
    const portfolioCell = cellText(byRole.get('portfolio'));
    const portfolio = portfolioCell ?? row.sheet ?? null;
    if (portfolio === null && !warnedPortfolio) {
      warnedPortfolio = true;
      b.warn({ line: row.line, reason: 'no Portfolio column and no sheet name: items go to "Unassigned"' });
    }
    const plan = b.openPlan({
      inspection: cellText(byRole.get('inspection')) ?? fallbackInspection,
      portfolio: portfolio ?? 'Unassigned',
      portfolioOwner: cellText(byRole.get('portfolioOwner')),
      planOwner: cellText(byRole.get('planOwner')),
      label: null,
    });
    plan.portfolioOwner ??= cellText(byRole.get('portfolioOwner'));
    plan.planOwner ??= cellText(byRole.get('planOwner'));
    const built = buildItem(byRole, {
      line: row.line,
      headingKind: ctx.headingKind,
      titleKind: ctx.layout.titleKind,
      section: ctx.section,
      timescale: ctx.timescale,
      paperDate: null,
      columns: ctx.layout.columns,
    });
    b.warn(...built.warnings);
    built.item.columns = ctx.layout.columns;
    if (row.sheet !== undefined) built.item.sheet = row.sheet;
    b.addItem(plan, built.item);
  }
  return b.finish();
}

/** Applies a lone first cell as a heading; false when it is an item's text after all. */
function heading(b: DocumentBuilder, ctx: Context, text: string, line: number, inText: boolean): boolean {
  const lone = classifyLone(text);
  switch (lone.type) {
    case 'page-header':
    case 'rule':
    case 'footnote':
      b.skip(line, `${lone.type}: "${text.slice(0, 60)}"`);
      return true;
    case 'plan-heading':
    case 'inspection-title':
    case 'portfolio-owner':
    case 'plan-owner':
      b.skip(line, `plan header inside a table (use the Portfolio column): "${text.slice(0, 60)}"`);
      return true;
    case 'kind-heading':
      ctx.headingKind = kindOfHeading(lone.text);
      ctx.section = null;
      b.role(line, 'heading');
      return true;
    case 'timescale':
      ctx.timescale = lone.text;
      b.role(line, 'heading');
      return true;
    case 'section':
      ctx.section = lone.text;
      b.role(line, 'heading');
      return true;
    case 'long-text':
      // Long text in the text column is an item that lost its ref (warned as such).
      if (inText) return false;
      // A note under the table ("These actions were agreed at…"): no ref, owner or due date.
      b.skip(line, `note "${text.slice(0, 60)}…": not an item (no ref, owner or due date)`);
      return true;
    default: {
      const never: never = lone;
      return never;
    }
  }
}

/** Table files keep their columns: cells are taken where they are printed. */
function positional(
  cells: readonly string[],
  roles: ReadonlyArray<ColumnRole | null>,
): Map<ColumnRole, string> {
  const map = new Map<ColumnRole, string>();
  cells.forEach((cell, i) => {
    const role = roles[i];
    if (role !== undefined && role !== null && cell.trim() !== '') map.set(role, cell);
  });
  return map;
}
