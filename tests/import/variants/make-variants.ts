import ExcelJS from 'exceljs';
import { readColumnTitles } from '../../../src/import/read/columns.js';

/**
 * The same paper as a secretary might save or retype it. Each factory takes a seed's text export
 * and returns another file of the same content: written here, from the seed's lines (cells split
 * at tabs), never through the importer's own reader.
 */
export interface Variant {
  name: string;
  fileName: string;
  bytes: Uint8Array;
}

type Lines = string[][];

const utf8 = (text: string) => new TextEncoder().encode(text);
const linesOf = (text: string): Lines => text.split('\n').map((l) => l.split('\t'));
const textOf = (lines: Lines, eol = '\n') => lines.map((cells) => cells.join('\t')).join(eol);
const isTitleRow = (cells: readonly string[]) => readColumnTitles(cells) !== null;
const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Index of the first column-title row: the plans start there. */
function firstTable(lines: Lines): number {
  const i = lines.findIndex(isTitleRow);
  if (i < 0) throw new Error('seed has no table');
  return i;
}

/** Every multi-cell line from the first table on gets `edit`; lone lines stay as they are. */
function editTableLines(lines: Lines, edit: (cells: string[]) => string[]): Lines {
  const start = firstTable(lines);
  return lines.map((cells, i) => (i >= start && cells.length > 1 ? edit([...cells]) : cells));
}

/** Text export with Windows line endings. */
export const crlf = (seed: string): Variant => ({
  name: 'Windows line endings',
  fileName: 'paper.txt',
  bytes: utf8(seed.replace(/\n/g, '\r\n')),
});

/** Text export saved with a UTF-8 byte-order mark. */
export const bom = (seed: string): Variant => ({
  name: 'UTF-8 BOM',
  fileName: 'paper.txt',
  bytes: utf8(`\uFEFF${seed}`),
});

/** An empty column after Ref in every table (a spacer column, as spreadsheets grow). */
export const emptyColumnAfterRef = (seed: string): Variant => ({
  name: 'empty column after Ref',
  fileName: 'paper.txt',
  bytes: utf8(textOf(editTableLines(linesOf(seed), (c) => [c[0] ?? '', '', ...c.slice(1)]))),
});

/** An empty column titled "Column1" (an Excel table's default) after the text, a blank one at the end. */
export const emptyColumnsNamedAndAtEnd = (seed: string): Variant => ({
  name: 'empty "Column1" column and a blank one at the end',
  fileName: 'paper.txt',
  bytes: utf8(
    textOf(
      editTableLines(linesOf(seed), (c) => [
        ...c.slice(0, 2),
        isTitleRow(c) ? 'Column1' : '',
        ...c.slice(2),
        '',
      ]),
    ),
  ),
});

/** Two columns swapped in every table: title and rows alike (rows padded to the title's width). */
export function swappedColumns(seed: string, a: string, b: string): Variant {
  const lines = linesOf(seed);
  let swap: [number, number] | null = null;
  let width = 0;
  const out = lines.map((cells) => {
    if (isTitleRow(cells)) {
      const norm = cells.map((c) => c.trim().toLowerCase());
      const i = norm.indexOf(a.toLowerCase());
      const j = norm.indexOf(b.toLowerCase());
      swap = i >= 0 && j >= 0 ? [i, j] : null;
      width = cells.length;
    }
    if (swap === null || cells.length < 2) return cells;
    const row = [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')];
    const [i, j] = swap;
    [row[i], row[j]] = [row[j] ?? '', row[i] ?? ''];
    return row;
  });
  return { name: `columns "${a}" and "${b}" swapped`, fileName: 'paper.txt', bytes: utf8(textOf(out)) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DATE_CELL = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})$/;
const ordinal = (d: number) =>
  `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`;

/** A whole-cell date `30-Jun-11` as day, month (1-12) and full year; null for anything else. */
export function dateCell(cell: string): { d: number; m: number; y: number } | null {
  const m = DATE_CELL.exec(cell.trim());
  const month = m ? MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1 : 0;
  if (!m || month === 0) return null;
  const y = (m[3] ?? '').length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return { d: Number(m[1]), m: month, y };
}

/** Every whole-cell date respelled: `30/6/2011` (UK order) or `30th June 2011`. */
export function respelledDates(seed: string, style: 'numeric' | 'ordinal'): Variant {
  let count = 0;
  const out = editTableLines(linesOf(seed), (cells) =>
    cells.map((cell) => {
      const d = dateCell(cell);
      if (d === null) return cell;
      count++;
      return style === 'numeric' ? `${d.d}/${d.m}/${d.y}` : `${ordinal(d.d)} ${FULL[d.m - 1]} ${d.y}`;
    }),
  );
  if (count === 0) throw new Error('no date cells to respell');
  return {
    name: style === 'numeric' ? 'dates written 3/5/2011' : 'dates written 3rd May 2011',
    fileName: 'paper.txt',
    bytes: utf8(textOf(out)),
  };
}

/** A totals row and a count line under every table ("Total | 3 | …", "3 AFIs: 0 completed, …"). */
export function totalsRows(seed: string, where: 'every table' | 'last table' = 'every table'): Variant {
  const out: Lines = [];
  let rows = -1;
  const close = () => {
    if (rows > 0)
      out.push(['Total', String(rows), '0', '1', '1', '0'], [`${rows} AFIs: 0 completed, 1 green, 1 amber`]);
    rows = -1;
  };
  const lines = linesOf(seed);
  // A table ends at a blank line after which no table row follows (a page break mid-table is
  // not an end), or at the next column-title row.
  const ends = (i: number) => {
    const next = lines.slice(i).find((l) => !isBlank(l));
    return next === undefined || next.length < 2 || isTitleRow(next);
  };
  lines.forEach((cells, i) => {
    if (isTitleRow(cells)) {
      close();
      rows = 0;
    } else if (rows >= 0 && isBlank(cells) && ends(i)) close();
    else if (rows >= 0 && cells.length > 1 && (cells[0] ?? '').trim() !== '') rows++;
    out.push(cells);
  });
  close();
  if (where === 'last table') {
    const totals = out.flatMap((cells, i) => (cells[0] === 'Total' ? [i] : []));
    for (const i of totals.slice(0, -1).reverse()) out.splice(i, 2);
  }
  return { name: `totals rows under ${where}`, fileName: 'paper.txt', bytes: utf8(textOf(out)) };
}

/** RFC 4180 field. */
const csvField = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The whole paper saved from a spreadsheet as CSV: every row as wide as the widest, CRLF, BOM. */
export function wholePaperCsv(seed: string): Variant {
  const lines = linesOf(seed);
  const width = Math.max(...lines.map((l) => l.length));
  const rows = lines.map((cells) => [...cells, ...Array<string>(width - cells.length).fill('')]);
  const text = `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
  return {
    name: 'whole paper as CSV (Excel: BOM, CRLF, padded rows)',
    fileName: 'paper.csv',
    bytes: utf8(text),
  };
}

/** A cell as Excel keeps it: a date cell becomes a date, the rest stays text. */
function excelValue(cell: string): ExcelJS.CellValue {
  const d = dateCell(cell);
  return d === null ? cell : new Date(Date.UTC(d.y, d.m - 1, d.d));
}

function fillSheet(sheet: ExcelJS.Worksheet, lines: Lines): void {
  lines.forEach((cells, i) => {
    const row = sheet.getRow(i + 1);
    cells.forEach((cell, j) => {
      if (cell !== '') row.getCell(j + 1).value = excelValue(cell);
    });
    // Headings typed across the table are merged cells in real workbooks.
    if (
      cells.filter((c) => c.trim() !== '').length === 1 &&
      cells[0]?.trim() &&
      /IMPROVEMENT PLAN|Portfolio (Owner|Holder)/i.test(cells[0])
    )
      sheet.mergeCells(i + 1, 1, i + 1, 7);
  });
}

/** The whole paper in one worksheet: headings, headers and tables in cells, dates as dates. */
export async function wholePaperXlsx(seed: string): Promise<Variant> {
  const workbook = new ExcelJS.Workbook();
  fillSheet(workbook.addWorksheet('Paper'), linesOf(seed));
  return {
    name: 'whole paper as XLSX',
    fileName: 'paper.xlsx',
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}

/** A sheet name Excel accepts, from a plan's portfolio line. */
function sheetName(chunk: Lines, n: number): string {
  const holder = chunk.map((c) => c.join(' ')).find((l) => /Portfolio (Owner|Holder)\s*:/i.test(l));
  const name =
    holder
      ?.replace(/^.*:\s*/, '')
      .replace(/[*:\\/?[\]]/g, '')
      .trim() ?? '';
  return `${n} ${name}`.slice(0, 31).trim();
}

/**
 * One worksheet per plan (the paper's appendices split by portfolio), the paper's own pages in
 * a first sheet. A plan starts at its IMPROVEMENT PLAN heading.
 */
export async function sheetPerPortfolioXlsx(seed: string): Promise<Variant> {
  const lines = linesOf(seed);
  const starts = lines.flatMap((cells, i) =>
    cells.length === 1 && /IMPROVEMENT PLAN/.test(cells[0] ?? '') ? [i] : [],
  );
  if (starts.length < 2) throw new Error('seed has fewer than two plans');
  const workbook = new ExcelJS.Workbook();
  fillSheet(workbook.addWorksheet('Paper'), lines.slice(0, starts[0]));
  starts.forEach((start, k) => {
    const chunk = lines.slice(start, starts[k + 1] ?? lines.length);
    fillSheet(workbook.addWorksheet(sheetName(chunk, k + 1)), chunk);
  });
  return {
    name: `one sheet per portfolio (${starts.length} plan sheets)`,
    fileName: 'plans by portfolio.xlsx',
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}
