/**
 * XLSX with exceljs: a Summary sheet, one sheet per plan (or the board pack's changes and
 * overdue lists), and an "About this export" sheet. Each table sheet has a title line stating
 * the time point, a frozen, filterable header row, dates as real dates and RAG cells spelled
 * out and coloured (the word is there for anyone who cannot see the colour, or prints in grey).
 */
import ExcelJS from 'exceljs';
import { describeTimePoint, type ExportData } from './export-data.js';
import { type Cell, type Column, RAG_WORDS, STATUS_WORDS, type Table } from './tables.js';

/** Fill and font per RAG: text contrast of at least 4.5:1 on each fill. */
const RAG_STYLE: Record<string, { fill: string; font: string }> = {
  RED: { fill: 'FFB71C1C', font: 'FFFFFFFF' },
  AMBER: { fill: 'FFFFC107', font: 'FF000000' },
  GREEN: { fill: 'FF1B5E20', font: 'FFFFFFFF' },
};
const CLOSED_STYLE = { fill: 'FFE0E0E0', font: 'FF000000' };
const WIDTH: Record<Column['kind'], number> = {
  text: 22,
  'long-text': 60,
  number: 11,
  date: 13,
  rag: 11,
  status: 15,
  id: 28,
};

/** `2011-04-27` → a Date at UTC midnight: Excel shows the calendar date, no zone shift. */
function asDate(value: string): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - ` (${n})`.length)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

function fill(cell: ExcelJS.Cell, style: { fill: string; font: string }) {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
  cell.font = { color: { argb: style.font }, bold: true };
}

function writeCell(cell: ExcelJS.Cell, value: Cell, column: Column) {
  if (value === null) return;
  switch (column.kind) {
    case 'date':
      cell.value = typeof value === 'string' ? asDate(value) : value;
      cell.numFmt = 'dd mmm yyyy';
      return;
    case 'rag': {
      cell.value = typeof value === 'string' ? (RAG_WORDS[value] ?? value) : value;
      const style = typeof value === 'string' ? RAG_STYLE[value] : undefined;
      if (style) fill(cell, style);
      return;
    }
    case 'status':
      cell.value = typeof value === 'string' ? (STATUS_WORDS[value] ?? value) : value;
      if (value !== 'open') fill(cell, CLOSED_STYLE);
      return;
    case 'long-text':
      cell.value = value;
      cell.alignment = { wrapText: true, vertical: 'top' };
      return;
    case 'text':
    case 'number':
    case 'id':
      // exceljs writes strings as text cells: a leading "=" stays text, never a formula.
      cell.value = value;
      return;
    default: {
      const unhandled: never = column.kind;
      return unhandled;
    }
  }
}

function addTableSheet(wb: ExcelJS.Workbook, table: Table, stamp: string, taken: Set<string>) {
  const ws = wb.addWorksheet(sheetName(table.name, taken), {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = table.columns.map((c) => ({ width: WIDTH[c.kind] }));
  const title = ws.getCell(1, 1);
  title.value = `${table.title}. ${stamp}`;
  title.font = { bold: true };
  const header = ws.getRow(2);
  table.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  table.rows.forEach((row, r) => {
    const xlRow = ws.getRow(r + 3);
    row.forEach((value, i) => {
      const column = table.columns[i];
      if (column) writeCell(xlRow.getCell(i + 1), value, column);
    });
  });
  if (table.columns.length > 0) {
    ws.autoFilter = {
      from: { row: 2, column: 1 },
      to: { row: 2 + table.rows.length, column: table.columns.length },
    };
  }
}

/** The workbook of an export: tables in order (the summary first), then "About this export". */
export async function toXlsx(data: ExportData, tables: Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const m = data.meta;
  const stamp = `As of ${m.asOf}, as recorded by ${m.knownAt}${m.report ? `; the report to ${m.report.boardName} on ${m.report.boardDate}` : ''}.`;
  wb.creator = 'Plan Ledger';
  wb.title = m.title;
  wb.subject = stamp;
  wb.description = describeTimePoint(m).join(' ');
  wb.created = new Date(m.generatedAt);
  const taken = new Set<string>();
  for (const table of tables) addTableSheet(wb, table, stamp, taken);

  const about = wb.addWorksheet(sheetName('About this export', taken));
  about.columns = [{ width: 34 }, { width: 90 }];
  const rows: [string, string | number | Date][] = [
    ['Export', m.title],
    ['As of (business date)', asDate(m.asOf)],
    ['Known at (recorded by, UTC)', m.knownAt],
    [
      'Reproduces board report',
      m.report ? `${m.report.boardName}, ${m.report.boardDate} (revision ${m.report.revision})` : 'none',
    ],
    ['Ledger digest (RFC 6962 root)', m.ledgerDigest.rootHash],
    ['Ledger digest tree size (events)', m.ledgerDigest.treeSize],
    ['Generated at (UTC)', m.generatedAt],
    ...describeTimePoint(m).map((s): [string, string] => ['', s]),
  ];
  rows.forEach(([k, v], i) => {
    const row = about.getRow(i + 1);
    row.getCell(1).value = k;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = v;
    if (v instanceof Date) row.getCell(2).numFmt = 'dd mmm yyyy';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
