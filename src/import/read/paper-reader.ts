import type { ItemKind, ParsedItem, ProgressCallback } from '../parsed-document.js';
import { alignRow } from './align-row.js';
import { type ColumnLayout, isRuleRow, readColumnTitles } from './columns.js';
import { joinSplitDates } from './dates.js';
import type { TableRow } from './delimited.js';
import { DocumentBuilder, type TracedDocument } from './document-builder.js';
import { documentTitle, isDocumentTitle } from './document-title.js';
import { headingText, htmlToText } from './html-text.js';
import { buildItem } from './item-builder.js';
import { classifyLone, splitGluedHeaders } from './lone-lines.js';
import { PlanHeaders } from './plan-headers.js';
import { Preamble } from './preamble.js';
import { kindOfHeading } from './refs.js';
import { textRows } from './text-rows.js';
import { isTotalsRow } from './totals-rows.js';
import { WrappedCells } from './wrapped-cells.js';

/** Options of every reader. */
export interface ReadOptions {
  source: string;
  onProgress?: ProgressCallback;
}

/**
 * Reads a board paper / improvement plan laid out in rows of cells (a text export's
 * tab-separated lines, or the paper saved as CSV/XLSX): HTML in cells, prose and page banners
 * around the tables. Every non-blank line ends up with a role.
 */
class PaperReader {
  private readonly b: DocumentBuilder;
  private readonly headers: PlanHeaders;
  private readonly preamble: Preamble;
  private readonly wrapped: WrappedCells;
  private inPlans = false;
  private layout: ColumnLayout | null = null;
  private headingKind: ItemKind | null = null;
  private section: string | null = null;
  private timescale: string | null = null;
  private lastItem: ParsedItem | null = null;
  private prevBanner = false;

  constructor(source: string) {
    this.b = new DocumentBuilder(source);
    this.preamble = new Preamble(this.b);
    this.wrapped = new WrappedCells(this.b);
    // A new plan's header: headings above it no longer apply.
    this.headers = new PlanHeaders(this.b, source, () => {
      this.section = null;
      this.timescale = null;
      this.lastItem = null;
    });
  }

  read(rows: readonly TableRow[], onProgress?: ProgressCallback): TracedDocument {
    rows.forEach((row, i) => {
      this.line(row.cells, row.line);
      onProgress?.(i + 1, rows.length);
    });
    this.wrapped.finish();
    return this.b.finish();
  }

  private line(cells: readonly string[], n: number): void {
    if (cells.every((c) => c.trim() === '')) {
      this.prevBanner = false;
      return;
    }
    if (this.inPlans && isTotalsRow(cells)) {
      this.b.skip(n, 'totals row: it counts the rows above, it is not an item');
      return;
    }
    const filled = cells.filter((c) => htmlToText(c) !== '');
    if (filled.length === 0) {
      this.b.skip(n, 'markup only');
      return;
    }
    const banner = this.prevBanner;
    this.prevBanner = false;
    // One filled cell in the first two columns is a heading; further right it is a wrapped cell.
    const at = cells.findIndex((c) => htmlToText(c) !== '');
    if (filled.length === 1 && (at <= 1 || this.layout === null)) {
      this.lone(filled[0] ?? '', n, banner);
      return;
    }
    if (!this.inPlans && readColumnTitles(cells) === null) {
      this.preamble.row(cells, n);
      return;
    }
    this.row(cells, n);
  }

  private lone(cell: string, n: number, afterBanner: boolean): void {
    const parts = splitGluedHeaders(cell);
    const roles = parts.map((p) => this.loneText(headingText(p), n, afterBanner));
    if (roles.length > 1 && roles.includes('plan-header')) this.b.role(n, 'plan-header');
  }

  /** Handles one lone piece of text; returns the role it took (glued headers share a line). */
  private loneText(text: string, n: number, afterBanner: boolean): string {
    const kind = classifyLone(text);
    if (kind.type === 'page-header' || (afterBanner && text.length <= 60 && text === text.toUpperCase())) {
      this.prevBanner = true;
      this.b.skip(n, `page header: "${text}"`);
      return 'skipped';
    }
    if (!this.inPlans) {
      const opensPlans = ['plan-heading', 'portfolio-owner', 'plan-owner'].includes(kind.type);
      if (!opensPlans) {
        if (this.headers.docTitle === null && isDocumentTitle(text))
          this.headers.docTitle = documentTitle(text);
        return this.preamble.text(text, kind.type, n);
      }
      this.inPlans = true;
    }
    const continuing = this.headers.continuesPortfolio(n);
    switch (kind.type) {
      case 'rule':
        this.b.skip(n, 'horizontal rule');
        return 'skipped';
      case 'footnote':
        this.b.skip(n, `footnote: "${text.slice(0, 60)}"`);
        return 'skipped';
      case 'plan-heading':
        this.headers.header().title = kind.title === '' ? null : kind.title;
        this.headers.header().label = kind.label;
        this.headingKind = kindOfHeading(kind.label ?? '') ?? kindOfHeading(kind.title);
        return this.mark(n, 'plan-header');
      case 'inspection-title':
        this.headers.header().title = kind.title;
        return this.mark(n, 'plan-header');
      case 'portfolio-owner':
        this.headers.blankField(kind.value, 'SCT Portfolio Holder / Owner', n);
        this.headers.header().portfolio = kind.value;
        this.headers.header().portfolioLine = n;
        return this.mark(n, 'plan-header');
      case 'plan-owner':
        this.headers.blankField(kind.value, 'Improvement Plan Owner', n);
        this.headers.header().planOwner = kind.value;
        return this.mark(n, 'plan-header');
      case 'kind-heading':
        this.headingKind = kindOfHeading(kind.text);
        this.section = null;
        return this.mark(n, 'heading');
      case 'timescale':
        this.timescale = kind.text;
        return this.mark(n, 'heading');
      case 'section':
        if (continuing) {
          // "SCT Portfolio Holder: Sharon Burd," wraps onto "Director - Finance & Corporate Services".
          this.headers.continuePortfolio(text, n);
          return this.mark(n, 'plan-header');
        }
        if (this.headers.open === null) this.section = kind.text;
        return this.mark(n, 'heading');
      case 'long-text':
        this.wrapped.longText(kind.text, n, this.lastItem);
        return 'item';
      default: {
        const never: never = kind;
        return never;
      }
    }
  }

  private mark(n: number, role: 'plan-header' | 'heading'): string {
    this.b.role(n, role);
    return role;
  }

  private row(cells: readonly string[], n: number): void {
    if (isRuleRow(cells)) {
      this.b.skip(n, 'table rule');
      return;
    }
    const titles = readColumnTitles(cells);
    if (titles !== null) {
      this.layout = titles;
      this.inPlans = true;
      this.headers.currentPlan(n);
      this.b.skip(n, 'column titles');
      return;
    }
    const heading = this.headers.headerRow(cells, n);
    if (heading !== null) {
      this.headingKind = kindOfHeading(heading) ?? this.headingKind;
      return;
    }
    if (this.layout === null) {
      this.b.skip(n, 'table row before any column titles');
      return;
    }
    const plan = this.headers.currentPlan(n);
    const aligned = alignRow(joinSplitDates(cells), this.layout.roles);
    const byRole = aligned.byRole;
    if (!byRole.has('ref') && !byRole.has('text')) {
      this.wrapped.fragmentRow(byRole, n);
      return;
    }
    this.wrapped.joinFragment(byRole, n);
    if (aligned.shifted)
      this.b.warn({
        line: n,
        reason:
          "the row's cells do not line up with the column titles (some were left out or ran together): each was placed under the column its content fits. Check this item in the ledger",
      });
    const built = buildItem(byRole, {
      line: n,
      headingKind: this.headingKind,
      titleKind: this.layout.titleKind,
      section: this.section,
      timescale: this.timescale,
      paperDate: this.b.paper?.date ?? null,
      columns: this.layout.columns,
    });
    this.b.warn(...built.warnings);
    built.item.columns = this.layout.columns;
    this.b.addItem(plan, built.item);
    this.lastItem = built.item;
  }
}

/** Reads a seed-style text export into a parsed document (with the role of every line). */
export function readSeedTextTraced(text: string, options: ReadOptions): TracedDocument {
  return readPaperRowsTraced(textRows(text), options);
}

/**
 * Reads a board paper laid out in rows of cells: a text export's lines, or the same paper saved
 * from a spreadsheet as CSV, TSV or XLSX (headings, headers and tables in cells).
 */
export function readPaperRowsTraced(rows: readonly TableRow[], options: ReadOptions): TracedDocument {
  return new PaperReader(options.source).read(rows, options.onProgress);
}
