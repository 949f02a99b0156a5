import { parseDate } from './dates.js';
import type { DocumentBuilder } from './document-builder.js';
import { isSummaryDataRow, isSummaryTitleRow, readPaperField } from './paper.js';
import { type DateStatement, readDateStatements } from './report-dates.js';

/** A numbered heading of the paper ("2.2 HMIC Re-visit – Without Fear of Favour"): short, no sentence. */
const NUMBERED_HEADING = /^(\d+(?:\.\d+)*)\.?\s+([^.]{2,90})$/;
/** A report named in quotes inside a sentence ('Without Fear or Favour'). */
const QUOTED = /['‘"“]([^'’"”]{6,90})['’"”]/g;

/**
 * The paper around its plans, before the first plan header: its own fields ("REPORT TO:",
 * "DATE:"), its summary tables, and the prose that states when each report was published or
 * received — each statement placed under the heading it sits in, so a paper covering several
 * inspections dates each one by what it says about that one (`inspection-dates.ts`).
 */
export class Preamble {
  private heading: { text: string } | null = null;

  constructor(private readonly b: DocumentBuilder) {}

  /** A row of several cells before any plan: a summary table's, or a table outside any plan. */
  row(cells: readonly string[], n: number): void {
    if (isSummaryTitleRow(cells) || isSummaryDataRow(cells)) {
      this.b.role(n, 'summary-table');
      return;
    }
    this.b.skip(n, 'table row outside any plan');
  }

  /** One piece of text before any plan; returns the role it took. */
  text(text: string, type: string, n: number): string {
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
    const found = readDateStatements(text);
    const numbered = NUMBERED_HEADING.exec(text.trim());
    // A short line with no sentence in it heads the paragraphs below ("Custody Suites").
    const plain = type === 'section' && text.length <= 90 && !/[.!?;]/.test(text);
    if (found.length === 0 && (numbered || plain))
      this.heading = { text: numbered ? (numbered[2] ?? '') : text };
    if (found.length > 0) this.statements(text, found, n);
    this.b.role(n, 'prose');
    return 'prose';
  }

  /** Dated statements about a report: kept for each inspection, and the first of each kind for the paper. */
  private statements(text: string, found: readonly DateStatement[], n: number): void {
    const quoted = [...text.matchAll(QUOTED)].map((m) => m[1] ?? '');
    const subjects = this.heading === null ? quoted : [...quoted, this.heading.text];
    const paper = this.b.paper ?? { board: null, date: null };
    for (const statement of found) {
      this.b.statements.push({ statement, line: n, subjects });
      if (statement.precision !== 'day') continue;
      if (statement.event === 'published') paper.published ??= statement.on;
      if (statement.event === 'received') paper.received ??= statement.on;
    }
    paper.published ??= null;
    paper.received ??= null;
    this.b.paper = paper;
  }
}
