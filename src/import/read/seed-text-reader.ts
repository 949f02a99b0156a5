import type { ItemKind, ParsedItem, ParsedPlan, ProgressCallback } from '../parsed-document.js';
import { alignRow } from './align-row.js';
import { type ColumnLayout, type ColumnRole, isRuleRow, readColumnTitles } from './columns.js';
import { joinSplitDates, parseDate } from './dates.js';
import type { TableRow } from './delimited.js';
import { DocumentBuilder, type TracedDocument } from './document-builder.js';
import { documentTitle, isDocumentTitle, titleFromFileName } from './document-title.js';
import { headingText, htmlToText } from './html-text.js';
import { buildItem } from './item-builder.js';
import { classifyLone, splitGluedHeaders, splitPortfolioOwner } from './lone-lines.js';
import { isSummaryDataRow, isSummaryTitleRow, readPaperField, readReportDates } from './paper.js';
import { kindOfHeading } from './refs.js';
import { isTotalsRow } from './totals-rows.js';
import { splitUpdates } from './updates.js';

/** Options of every reader. */
export interface ReadOptions {
  source: string;
  onProgress?: ProgressCallback;
}

/** Plan header lines seen since the last table row, not yet applied. */
interface PendingHeader {
  title: string | null;
  label: string | null;
  portfolio: string | null;
  planOwner: string | null;
  portfolioLine: number;
}

/** A row holding only a piece of a response cell, to be joined to the next row's cell. */
interface Fragment {
  line: number;
  role: ColumnRole;
  text: string;
}

const RESPONSE_ROLES: readonly ColumnRole[] = ['initialResponse', 'latestUpdate'];

/**
 * Reads a text export of a board paper / improvement plan: tab-separated rows, HTML in cells,
 * prose and page banners around the tables. Every non-blank line ends up with a role.
 */
class SeedTextReader {
  private readonly b: DocumentBuilder;
  private inPlans = false;
  private pending: PendingHeader | null = null;
  private inspection: string | null = null;
  private plan: ParsedPlan | null = null;
  private layout: ColumnLayout | null = null;
  private headingKind: ItemKind | null = null;
  private section: string | null = null;
  private timescale: string | null = null;
  private lastItem: ParsedItem | null = null;
  /** The last line read as narrative, so the paragraph answering it is read as narrative too. */
  private proseLine = -1;
  private fragment: Fragment | null = null;
  private prevBanner = false;
  /** The paper's own heading line, the title when no plan heading names the inspection. */
  private docTitle: string | null = null;

  constructor(private readonly source: string) {
    this.b = new DocumentBuilder(source);
  }

  read(rows: readonly TableRow[], onProgress?: ProgressCallback): TracedDocument {
    rows.forEach((row, i) => {
      this.line(row.cells, row.line);
      onProgress?.(i + 1, rows.length);
    });
    if (this.fragment) this.b.skip(this.fragment.line, 'piece of a response cell with no row after it');
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
    if (!this.inPlans && !this.startsTable(cells)) {
      this.preambleRow(cells, n);
      return;
    }
    this.row(cells, n);
  }

  private startsTable(cells: readonly string[]): boolean {
    return readColumnTitles(cells) !== null;
  }

  private preambleRow(cells: readonly string[], n: number): void {
    if (isSummaryTitleRow(cells) || isSummaryDataRow(cells)) {
      this.b.role(n, 'summary-table');
      return;
    }
    this.b.skip(n, 'table row outside any plan');
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
      if (!opensPlans) return this.preambleText(text, kind.type, n);
      this.inPlans = true;
    }
    const continuing =
      this.pending !== null && this.pending.portfolioLine === n - 1 && this.pending.planOwner === null;
    switch (kind.type) {
      case 'rule':
        this.b.skip(n, 'horizontal rule');
        return 'skipped';
      case 'footnote':
        this.b.skip(n, `footnote: "${text.slice(0, 60)}"`);
        return 'skipped';
      case 'plan-heading':
        this.header().title = kind.title === '' ? null : kind.title;
        this.header().label = kind.label;
        this.headingKind = kindOfHeading(kind.label ?? '') ?? kindOfHeading(kind.title);
        return this.mark(n, 'plan-header');
      case 'inspection-title':
        this.header().title = kind.title;
        return this.mark(n, 'plan-header');
      case 'portfolio-owner':
        this.blankHeaderField(kind.value, 'SCT Portfolio Holder / Owner', n);
        this.header().portfolio = kind.value;
        this.header().portfolioLine = n;
        return this.mark(n, 'plan-header');
      case 'plan-owner':
        this.blankHeaderField(kind.value, 'Improvement Plan Owner', n);
        this.header().planOwner = kind.value;
        return this.mark(n, 'plan-header');
      case 'kind-heading':
        this.headingKind = kindOfHeading(kind.text);
        this.section = null;
        return this.mark(n, 'heading');
      case 'timescale':
        this.timescale = kind.text;
        return this.mark(n, 'heading');
      case 'section':
        if (continuing && this.pending) {
          // "SCT Portfolio Holder: Sharon Burd," wraps onto "Director - Finance & Corporate Services".
          const head = (this.pending.portfolio ?? '').replace(/,$/, '');
          this.pending.portfolio = head === '' ? text : `${head}, ${text}`;
          this.pending.portfolioLine = n;
          return this.mark(n, 'plan-header');
        }
        if (this.pending === null) this.section = kind.text;
        return this.mark(n, 'heading');
      case 'long-text':
        this.longText(kind.text, n);
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

  private preambleText(text: string, type: string, n: number): string {
    if (this.docTitle === null && isDocumentTitle(text)) this.docTitle = documentTitle(text);
    const field = readPaperField(text);
    if (field !== null) {
      const paper = this.b.paper ?? { board: null, date: null };
      if (field.field === 'board') paper.board = field.value;
      if (field.field === 'date') paper.date = parseDate(field.value);
      this.b.paper = paper;
      this.b.role(n, 'paper-meta');
      return 'paper-meta';
    }
    if (type === 'rule') {
      this.b.skip(n, 'horizontal rule');
      return 'skipped';
    }
    const stated = readReportDates(text);
    if (stated.published !== null || stated.received !== null) {
      const paper = this.b.paper ?? { board: null, date: null };
      paper.published ??= stated.published;
      paper.received ??= stated.received;
      this.b.paper = paper;
    }
    this.b.role(n, 'prose');
    return 'prose';
  }

  /** Opens (or continues) the header block of the next plan; headings above it no longer apply. */
  private header(): PendingHeader {
    if (this.pending === null) {
      this.pending = { title: null, label: null, portfolio: null, planOwner: null, portfolioLine: -1 };
      this.section = null;
      this.timescale = null;
      this.lastItem = null;
    }
    return this.pending;
  }

  /** Applies the pending header at the first table row after it. */
  private currentPlan(n: number): ParsedPlan {
    const p = this.pending;
    if (p !== null || this.plan === null) {
      const title =
        p?.title ??
        this.inspection ??
        this.docTitle ??
        this.titleOfLastResort(p && p.portfolioLine > 0 ? p.portfolioLine : n);
      const owner = p?.portfolio ? splitPortfolioOwner(p.portfolio) : null;
      if (owner === null && this.plan === null)
        this.b.warn({ line: n, reason: 'plan has no portfolio owner header' });
      this.plan = this.b.openPlan({
        inspection: title,
        portfolio: owner?.portfolio ?? this.plan?.portfolio ?? 'Unassigned',
        portfolioOwner: owner?.owner ?? this.plan?.portfolioOwner ?? null,
        planOwner: p?.planOwner ?? (owner === null ? (this.plan?.planOwner ?? null) : null),
        label: p?.label ?? null,
      });
      this.inspection = title;
      this.pending = null;
    }
    return this.plan;
  }

  /** A blank header field is warned at its own line, in the paper's words. */
  private blankHeaderField(value: string, label: string, n: number): void {
    if (value !== '') return;
    this.b.warn({
      line: n,
      reason: `line ${n}: "${label}:" is blank; expected a name or title after it. The plan is imported without one: fill it in and import again to record it`,
    });
  }

  private titleOfLastResort(n: number): string {
    const name = titleFromFileName(this.source);
    this.b.warn({
      line: n,
      reason: `the paper names no inspection (no "… IMPROVEMENT PLAN" heading, "HMIC …" line or title in capitals before the first plan): it is named after the file, "${name ?? 'Untitled inspection'}"; add a title line to the paper to name it`,
    });
    return name ?? 'Untitled inspection';
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
      this.currentPlan(n);
      this.b.skip(n, 'column titles');
      return;
    }
    if (this.headerRow(cells, n)) return;
    if (this.layout === null) {
      this.b.skip(n, 'table row before any column titles');
      return;
    }
    const plan = this.currentPlan(n);
    const aligned = alignRow(joinSplitDates(cells), this.layout.roles);
    const byRole = aligned.byRole;
    if (!byRole.has('ref') && !byRole.has('text')) {
      this.fragmentRow(byRole, n);
      return;
    }
    if (this.fragment !== null) this.joinFragment(byRole, n);
    if (aligned.shifted)
      this.b.warn({ line: n, reason: 'columns slipped; cells assigned to columns by content' });
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

  /**
   * Plan headers printed inside table cells (`National Rec | ommendations | … | SCT Portfolio
   * Owner: …`): the labelled cells are read, the rest of the line is the mangled heading.
   */
  private headerRow(cells: readonly string[], n: number): boolean {
    const kinds = cells.map((c) => classifyLone(headingText(c)));
    if (!kinds.some((k) => k.type === 'portfolio-owner' || k.type === 'plan-owner')) return false;
    for (const k of kinds) {
      if (k.type === 'portfolio-owner') {
        this.header().portfolio = k.value;
        this.header().portfolioLine = n;
      } else if (k.type === 'plan-owner') {
        this.header().planOwner = k.value;
      }
    }
    const joined = cells.map((c) => htmlToText(c)).join('');
    this.headingKind = kindOfHeading(joined) ?? this.headingKind;
    this.b.role(n, 'plan-header');
    return true;
  }

  /** A row with only a response piece: PDF exports wrap a long cell onto a row of its own. */
  private fragmentRow(byRole: ReadonlyMap<ColumnRole, string>, n: number): void {
    const role = RESPONSE_ROLES.find((r) => byRole.has(r));
    if (role === undefined || byRole.size > 1) {
      this.b.skip(n, 'row with neither ref nor text');
      return;
    }
    this.fragment = { line: n, role, text: byRole.get(role) ?? '' };
    this.b.role(n, 'item-continuation');
  }

  private joinFragment(byRole: Map<ColumnRole, string>, n: number): void {
    const f = this.fragment;
    this.fragment = null;
    if (f === null) return;
    byRole.set(f.role, `${f.text} ${byRole.get(f.role) ?? ''}`.trim());
    this.b.warn({ line: n, reason: `cell text split across lines ${f.line}-${n}; joined` });
  }

  /**
   * Long text alone on a line inside a plan: right after an item without a response, its response
   * that slipped into the first column (seed 001 line 106 style); otherwise narrative — an
   * "Overall …" finding with no ref, owner or due date is prose, not an item (seed 001 lines 97,
   * 105, 127), and so is the paragraph answering it on the next line.
   */
  private longText(text: string, n: number): void {
    const last = this.lastItem;
    if (this.proseLine === n - 1) {
      this.proseLine = n;
      this.b.skip(
        n,
        `narrative answering the finding on line ${n - 1}: not an item (no ref, owner or due date)`,
      );
      return;
    }
    if (last !== null && last.initialResponse === null && last.updates.length === 0 && last.line === n - 1) {
      last.initialResponse = text;
      last.updatesFrom = 'initial-response';
      const split = splitUpdates(text, last.dateOfUpdate, n);
      last.updates = split.updates;
      this.b.warn(...split.warnings, {
        line: n,
        reason: `response slipped to its own line; joined to line ${last.line}`,
      });
      this.b.role(n, 'item-continuation');
      return;
    }
    this.proseLine = n;
    this.b.skip(n, `narrative finding "${text.slice(0, 60)}…": not an item (no ref, owner or due date)`);
  }
}

/** A text export's lines as rows of tab-separated cells. */
export function textRows(text: string): TableRow[] {
  return text.split(/\r\n|\r|\n/).map((raw, i) => ({ line: i + 1, cells: raw.split('\t') }));
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
  return new SeedTextReader(options.source).read(rows, options.onProgress);
}
