import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ValidationError } from '../../errors.js';
import type { TableRow } from './delimited.js';
import type { TracedDocument } from './document-builder.js';
import { readRowsTraced } from './rows-reader.js';
import type { TableOptions } from './table-reader.js';
import { checkZipBounds } from './zip-bounds.js';

/** An Excel date is a calendar date in the plan; the time part is noise from the spreadsheet. */
function isoOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Text of one cell value, whatever exceljs hands back (rich text, formula result, link, date). */
export function cellValueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoOf(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) return '';
    if (result instanceof Date) return isoOf(result);
    if (typeof result === 'object') return '';
    return String(result);
  }
  if ('text' in value) return typeof value.text === 'string' ? value.text : '';
  return '';
}

/**
 * Worksheets as table rows. Rows are numbered on through the workbook (sheet 2 continues after
 * sheet 1's last row) so that every row of the import report has a distinct line number.
 */
export async function workbookRows(data: ArrayBuffer | Uint8Array): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // Before exceljs inflates anything: a zip bomb is refused from its directory and capped inflation.
  checkZipBounds(bytes);
  try {
    // Streamed rather than `load(buffer)`: exceljs's Buffer typing predates Node 20's generic Buffer.
    await workbook.xlsx.read(Readable.from([Buffer.from(bytes)]));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ValidationError(
      `the file is not a readable XLSX workbook (${why.slice(0, 120)}): save it again from Excel, or export it as CSV`,
      [{ path: 'file', message: 'not a readable XLSX workbook' }],
    );
  }
  const rows: TableRow[] = [];
  let offset = 0;
  for (const sheet of workbook.worksheets) {
    let last = 0;
    // Only the rows and cells present are visited: a lone cell at GR200000 costs one cell, not
    // 200,000 rows of 200 columns.
    sheet.eachRow({ includeEmpty: false }, (row, r) => {
      if (r > MAX_ROWS) refuse(sheet.name, r, `more than ${MAX_ROWS.toLocaleString('en-GB')} rows`);
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A merged range ("IMPROVEMENT PLAN" across A1:G1) holds its text once, in its first cell;
        // exceljs hands the same text back for every other cell of the range.
        if (cell.type === ExcelJS.ValueType.Merge) return;
        if (c > MAX_COLUMNS)
          refuse(sheet.name, r, `a cell in column ${c}, past the ${MAX_COLUMNS} columns a plan can have`);
        cells[c - 1] = cellValueText(cell.value);
      });
      rows.push({ line: offset + r, cells: Array.from(cells, (c) => c ?? ''), sheet: sheet.name });
      last = r;
    });
    offset += last;
  }
  return rows;
}

/** Bounds of a plan workbook: far beyond any real plan, far below what would exhaust memory. */
export const MAX_ROWS = 50_000;
export const MAX_COLUMNS = 200;

function refuse(sheet: string, row: number, what: string): never {
  throw new ValidationError(
    `sheet "${sheet}", row ${row}: ${what}; an improvement plan is never this large`,
    [{ path: 'file', message: what }],
  );
}

/** Reads an .xlsx improvement plan: one plan per sheet (sheet name = portfolio) or a Portfolio column. */
export async function readXlsxTraced(
  data: ArrayBuffer | Uint8Array,
  options: TableOptions,
): Promise<TracedDocument> {
  return readRowsTraced(await workbookRows(data), options);
}
