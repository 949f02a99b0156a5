import type { LineNote } from '../parsed-document.js';
import { readColumnTitles, roleOfTitle } from './columns.js';
import type { TableRow } from './delimited.js';
import { htmlToText } from './html-text.js';

/** Rows with the columns nobody filled taken out, and what was noticed doing it. */
export interface TidyRows {
  rows: TableRow[];
  warnings: LineNote[];
}

const isBlank = (cell: string | undefined) => cell === undefined || htmlToText(cell) === '';

/**
 * Takes out, table by table (a column-title row up to the next one), every column whose title
 * names nothing the importer reads (blank, "Column1", "Notes") and that no row of the table
 * fills. Spreadsheets grow such columns (a spacer after Ref, a stray one at the end); left in,
 * a blank spacer beside Ref would be taken for seed 002's blank-titled text column and every
 * row's text would be lost. A column with an unknown title that does hold text is kept, and the
 * reader is warned once per table that its cells are not recorded.
 */
export function tidyColumns(rows: readonly TableRow[]): TidyRows {
  const out = rows.map((r) => ({ ...r, cells: [...r.cells] }));
  const warnings: LineNote[] = [];
  const starts = out.flatMap((r, i) => (readColumnTitles(r.cells) === null ? [] : [i]));
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? out.length;
    const title = out[start];
    if (title === undefined) return;
    const body = out.slice(start + 1, end).filter((r) => r.sheet === title.sheet);
    const width = Math.max(title.cells.length, ...body.map((r) => r.cells.length));
    const drop: number[] = [];
    for (let c = 0; c < width; c++) {
      if (roleOfTitle(title.cells[c] ?? '') !== null) continue;
      const used = body.filter((r) => !isBlank(r.cells[c])).length;
      if (used === 0) drop.push(c);
      else if (!isBlank(title.cells[c]))
        warnings.push({
          line: title.line,
          reason: `column ${c + 1} "${htmlToText(title.cells[c] ?? '').slice(0, 40)}" is not one the importer reads: its cells (${used} rows) are not recorded`,
        });
    }
    if (drop.length === 0) return;
    const lastKept = title.cells.findLastIndex((cell, c) => !drop.includes(c) && !isBlank(cell));
    const gaps = drop.filter((c) => c < lastKept).map((c) => c + 1);
    if (gaps.length > 0)
      warnings.push({
        line: title.line,
        reason: `column ${gaps.join(', ')} is empty in every row of this table: left out`,
      });
    const keep = (_: string, c: number) => !drop.includes(c);
    for (const r of [title, ...body]) r.cells = r.cells.filter(keep);
  });
  return { rows: out, warnings };
}
