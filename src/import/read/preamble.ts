import { parseDate } from './dates.js';
import type { DocumentBuilder } from './document-builder.js';
import { isSummaryDataRow, isSummaryTitleRow, readPaperField, readReportDates } from './paper.js';

/**
 * The paper around its plans, before the first plan header: its own fields ("REPORT TO:",
 * "DATE:"), its summary tables, and the prose that states when the report was published or
 * received.
 */
export class Preamble {
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
}
