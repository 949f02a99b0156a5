import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TableRow } from './delimited.js';
import type { TracedDocument } from './document-builder.js';
import { readTableRows, type TableOptions } from './table-reader.js';

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
  // Streamed rather than `load(buffer)`: exceljs's Buffer typing predates Node 20's generic Buffer.
  await workbook.xlsx.read(Readable.from([Buffer.from(bytes)]));
  const rows: TableRow[] = [];
  let offset = 0;
  for (const sheet of workbook.worksheets) {
    const width = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellValueText(row.getCell(c).value));
      rows.push({ line: offset + r, cells, sheet: sheet.name });
    }
    offset += sheet.rowCount;
  }
  return rows;
}

/** Reads an .xlsx improvement plan: one plan per sheet (sheet name = portfolio) or a Portfolio column. */
export async function readXlsxTraced(
  data: ArrayBuffer | Uint8Array,
  options: TableOptions,
): Promise<TracedDocument> {
  return readTableRows(await workbookRows(data), options);
}
