import type { ParsedPlan } from '../parsed-document.js';
import type { DocumentBuilder } from './document-builder.js';
import { titleFromFileName } from './document-title.js';
import { headingText, htmlToText } from './html-text.js';
import { classifyLone, splitPortfolioOwner } from './lone-lines.js';

/** Plan header lines seen since the last table row, not yet applied. */
export interface PendingHeader {
  title: string | null;
  label: string | null;
  portfolio: string | null;
  planOwner: string | null;
  portfolioLine: number;
}

/**
 * The plan the paper reader is in: header lines ("SCT Portfolio Owner: …", "Improvement Plan
 * Owner: …", "… IMPROVEMENT PLAN") gather into a pending header, applied at the first table row
 * after them, so a plan continued after a page break stays the same plan.
 */
export class PlanHeaders {
  private pending: PendingHeader | null = null;
  private inspection: string | null = null;
  private plan: ParsedPlan | null = null;
  /** The paper's own heading line, the title when no plan heading names the inspection. */
  docTitle: string | null = null;

  /**
   * @param onOpen called when a new header block starts: headings above it no longer apply.
   */
  constructor(
    private readonly b: DocumentBuilder,
    private readonly source: string,
    private readonly onOpen: () => void,
  ) {}

  /** The header being gathered, or null when the last header was applied. */
  get open(): PendingHeader | null {
    return this.pending;
  }

  /** Opens (or continues) the header block of the next plan. */
  header(): PendingHeader {
    if (this.pending === null) {
      this.pending = { title: null, label: null, portfolio: null, planOwner: null, portfolioLine: -1 };
      this.onOpen();
    }
    return this.pending;
  }

  /** True when line `n` continues a portfolio line that wrapped ("Sharon Burd," / "Director - …"). */
  continuesPortfolio(n: number): boolean {
    return this.pending !== null && this.pending.portfolioLine === n - 1 && this.pending.planOwner === null;
  }

  /** Appends a wrapped line to the pending portfolio. */
  continuePortfolio(text: string, n: number): void {
    const p = this.header();
    const head = (p.portfolio ?? '').replace(/,$/, '');
    p.portfolio = head === '' ? text : `${head}, ${text}`;
    p.portfolioLine = n;
  }

  /** Applies the pending header at the first table row after it. */
  currentPlan(n: number): ParsedPlan {
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
  blankField(value: string, label: string, n: number): void {
    if (value !== '') return;
    this.b.warn({
      line: n,
      reason: `line ${n}: "${label}:" is blank; expected a name or title after it. The plan is imported without one: fill it in and import again to record it`,
    });
  }

  /**
   * Plan headers printed inside table cells (`National Rec | ommendations | … | SCT Portfolio
   * Owner: …`): the labelled cells are read; returns the mangled heading's text, or null when
   * the row holds no header.
   */
  headerRow(cells: readonly string[], n: number): string | null {
    const kinds = cells.map((c) => classifyLone(headingText(c)));
    if (!kinds.some((k) => k.type === 'portfolio-owner' || k.type === 'plan-owner')) return null;
    for (const k of kinds) {
      if (k.type === 'portfolio-owner') {
        this.header().portfolio = k.value;
        this.header().portfolioLine = n;
      } else if (k.type === 'plan-owner') {
        this.header().planOwner = k.value;
      }
    }
    this.b.role(n, 'plan-header');
    return cells.map((c) => htmlToText(c)).join('');
  }

  private titleOfLastResort(n: number): string {
    const name = titleFromFileName(this.source);
    this.b.warn({
      line: n,
      reason: `the paper names no inspection (no "… IMPROVEMENT PLAN" heading, "HMIC …" line or title in capitals before the first plan): it is named after the file, "${name ?? 'Untitled inspection'}"; add a title line to the paper to name it`,
    });
    return name ?? 'Untitled inspection';
  }
}
