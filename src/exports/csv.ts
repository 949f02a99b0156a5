/**
 * CSV (RFC 4180, CRLF, UTF-8 with a byte-order mark so Excel reads accents and dashes right).
 * The file opens with lines stating its time point, report and digest, then a blank line, then
 * each table: its title, its header, its rows. Every line has the same number of fields, so the
 * whole file parses as one grid.
 */
import { describeTimePoint, type ExportData } from './export-data.js';
import { type Cell, type Column, RAG_WORDS, STATUS_WORDS, type Table } from './tables.js';

/**
 * A text cell that a spreadsheet would run as a formula (it starts with = + - @, or a tab or
 * carriage return that some spreadsheets skip before one) is prefixed with an apostrophe, the
 * OWASP advice against CSV injection: ledger text is written by anyone with a contributor key.
 * Numbers are numbers and are never prefixed.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cellText(value: Cell, column: Column | undefined): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (column?.kind === 'rag') return RAG_WORDS[value] ?? value;
  if (column?.kind === 'status') return STATUS_WORDS[value] ?? value;
  return quote(neutralise(value));
}

const line = (cells: string[], width: number) =>
  [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')].join(',');

/** The tables of an export as one CSV text. */
export function toCsv(data: ExportData, tables: Table[]): string {
  const width = Math.max(2, ...tables.map((t) => t.columns.length));
  const m = data.meta;
  const about: [string, string][] = [
    ['Plan Ledger export', m.title],
    ['As of (business date)', m.asOf],
    ['Known at (recorded by, UTC)', m.knownAt],
    [
      'Reproduces board report',
      m.report ? `${m.report.boardName}, ${m.report.boardDate} (revision ${m.report.revision})` : 'none',
    ],
    ['Ledger digest (RFC 6962 root)', m.ledgerDigest.rootHash],
    ['Ledger digest tree size (events)', String(m.ledgerDigest.treeSize)],
    ['Generated at (UTC)', m.generatedAt],
    ['Note', describeTimePoint(m)[1] ?? ''],
  ];
  const out: string[] = about.map(([k, v]) => line([quote(k), quote(neutralise(v))], width));
  for (const table of tables) {
    out.push(line([], width));
    out.push(line([quote(neutralise(table.title))], width));
    out.push(
      line(
        table.columns.map((c) => quote(c.header)),
        width,
      ),
    );
    for (const row of table.rows)
      out.push(
        line(
          row.map((v, i) => cellText(v, table.columns[i])),
          width,
        ),
      );
  }
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
