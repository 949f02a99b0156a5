import { parseDate } from './dates.js';
import { htmlToText } from './html-text.js';

/** A header field of a board paper ("REPORT TO:", "**Date:**"). */
export interface PaperField {
  field: 'board' | 'date' | 'other';
  value: string;
}

const PAPER_FIELD =
  /^(report to|date|subject|sponsor|author|agenda item|for|protective marking)\s*:\s*(.*)$/i;

/** Reads a board-paper header line, or null when the line is not one. */
export function readPaperField(line: string): PaperField | null {
  const m = PAPER_FIELD.exec(htmlToText(line).trim());
  if (!m) return null;
  const name = (m[1] ?? '').toLowerCase();
  const value = (m[2] ?? '').trim();
  if (name === 'report to') return { field: 'board', value };
  if (name === 'date' && parseDate(value) !== null) return { field: 'date', value };
  return { field: 'other', value };
}

/** One row of a paper's summary table. */
export interface RagCounts {
  total: number;
  completed: number;
  green: number;
  amber: number;
  red: number;
}

/** A portfolio's summary as the paper prints it. */
export interface PaperSummary {
  recommendations: RagCounts | null;
  areasForImprovement: RagCounts | null;
}

const COLUMNS = ['total', 'completed', 'green', 'amber', 'red'] as const;

/** A numbered heading such as "2.4 Territorial Policing": short, no sentence. */
const SECTION_HEADING = /^\d+(?:\.\d+)*\.?\s+([A-Z][^.]{0,60})$/;

/** True when a row is the title row of a summary table (Total, Completed, Green, Amber, Red). */
export function isSummaryTitleRow(cells: readonly string[]): boolean {
  const titles = cells.map((c) => htmlToText(c).toLowerCase()).filter((c) => c !== '');
  return COLUMNS.every((c) => titles.includes(c));
}

/** True when a row is a data row of a summary table: a label then numbers only. */
export function isSummaryDataRow(cells: readonly string[]): boolean {
  const texts = cells.map((c) => htmlToText(c)).filter((c) => c !== '');
  return texts.length >= 3 && /[a-z]/i.test(texts[0] ?? '') && texts.slice(1).every((t) => /^\d+$/.test(t));
}

/**
 * Extracts a board paper's own summary tables: for each portfolio (the numbered heading above
 * the table, e.g. "2.4 Territorial Policing"), the Total / Completed / Green / Amber / Red of its
 * recommendations and of its areas for improvement. Columns are matched by their titles, so a
 * table printed in another order still reads. Portfolios without a table are absent.
 */
export function readPaperSummaryTables(text: string): Map<string, PaperSummary> {
  const out = new Map<string, PaperSummary>();
  let portfolio: string | null = null;
  let order: Array<(typeof COLUMNS)[number] | null> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const cells = raw.split('\t');
    const lone = htmlToText(raw).trim();
    const heading = SECTION_HEADING.exec(lone);
    if (cells.length === 1 && heading) {
      portfolio = (heading[1] ?? '').trim();
      order = null;
      continue;
    }
    if (isSummaryTitleRow(cells)) {
      order = cells.map((c) => {
        const t = htmlToText(c).toLowerCase();
        return COLUMNS.find((col) => col === t) ?? null;
      });
      continue;
    }
    if (order === null || portfolio === null || !isSummaryDataRow(cells)) continue;
    const label = htmlToText(cells[0] ?? '').toLowerCase();
    const counts: RagCounts = { total: 0, completed: 0, green: 0, amber: 0, red: 0 };
    order.forEach((col, i) => {
      if (col !== null) counts[col] = Number(htmlToText(cells[i] ?? '0'));
    });
    const entry = out.get(portfolio) ?? { recommendations: null, areasForImprovement: null };
    if (label.includes('improvement')) entry.areasForImprovement = counts;
    else if (label.startsWith('recommendation')) entry.recommendations = counts;
    out.set(portfolio, entry);
  }
  return out;
}
