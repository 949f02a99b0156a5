import { readColumnTitles } from '../../../src/import/read/columns.js';
import { dateCell, type Variant } from './make-variants.js';

/**
 * Variants of a seed the importer must either read right or refuse, never read wrong: dates
 * written month first, a file mixing both orders, a Ref column written twice with other content,
 * and a spreadsheet that is not a plan. Built here from the seed's lines, never by the reader.
 */

/** A variant that must be refused, and the line(s) and column(s) the refusal must name. */
export interface Refused extends Variant {
  /** 1-based lines the refusal names. */
  lines: number[];
  /** Column numbers (1-based) the refusal names. */
  columns: number[];
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const linesOf = (text: string) => text.split('\n').map((l) => l.split('\t'));
const textOf = (lines: string[][]) => lines.map((cells) => cells.join('\t')).join('\n');
const isTitleRow = (cells: readonly string[]) => readColumnTitles(cells) !== null;

/** Every whole-cell date of the tables, with its line (0-based) and column (0-based). */
function dateCells(lines: string[][]): Array<{ i: number; c: number; d: number; m: number; y: number }> {
  const start = lines.findIndex(isTitleRow);
  return lines.flatMap((cells, i) =>
    i < start || cells.length < 2
      ? []
      : cells.flatMap((cell, c) => {
          const d = dateCell(cell);
          return d === null ? [] : [{ i, c, ...d }];
        }),
  );
}

/** Every whole-cell date written month first, as a US spreadsheet does: `5/13/2011`. */
export function monthFirstDates(seed: string): Variant {
  const lines = linesOf(seed);
  const cells = dateCells(lines);
  if (!cells.some((d) => d.d > 12)) throw new Error('no date proves the order');
  for (const { i, c, d, m, y } of cells) (lines[i] as string[])[c] = `${m}/${d}/${y}`;
  return { name: 'dates written month first (5/13/2011)', fileName: 'paper.txt', bytes: utf8(textOf(lines)) };
}

/** Month first everywhere, except one later date (day over 12) written day first. */
export function mixedDateOrder(seed: string): Refused {
  const lines = linesOf(seed);
  const cells = dateCells(lines);
  const us = cells.find((d) => d.d > 12);
  const uk = cells.find((d) => d.d > 12 && us !== undefined && d.i > us.i);
  if (us === undefined || uk === undefined) throw new Error('seed has too few dates after day 12');
  for (const { i, c, d, m, y } of cells)
    (lines[i] as string[])[c] = i === uk.i && c === uk.c ? `${d}/${m}/${y}` : `${m}/${d}/${y}`;
  return {
    name: 'dates month first, one day first',
    fileName: 'paper.txt',
    bytes: utf8(textOf(lines)),
    lines: [us.i + 1, uk.i + 1],
    columns: [us.c + 1, uk.c + 1],
  };
}

/** The Ref column written twice in every table; one row's copy says another ref. */
export function duplicatedRefColumn(seed: string): Refused {
  const lines = linesOf(seed);
  const start = lines.findIndex(isTitleRow);
  let changed = -1;
  const out = lines.map((cells, i) => {
    if (i < start || cells.length < 2) return cells;
    const ref = cells[0] ?? '';
    const copy = changed < 0 && !isTitleRow(cells) && ref.trim() !== '' ? `${ref.trim()}9` : ref;
    if (copy !== ref) changed = i;
    return [ref, copy, ...cells.slice(1)];
  });
  if (changed < 0) throw new Error('no row with a ref');
  return {
    name: 'Ref column written twice, one row differing',
    fileName: 'paper.txt',
    bytes: utf8(textOf(out)),
    lines: [changed + 1],
    columns: [1, 2],
  };
}

/** A spreadsheet that is not an improvement plan (a duty rota saved as CSV). */
export function notAPlan(): Variant {
  const rows = ['Name,Shift,Start,Finish', 'A. Jones,Early,06:00,14:00', 'B. Khan,Late,14:00,22:00'];
  return { name: 'a duty rota, not a plan', fileName: 'rota.csv', bytes: utf8(rows.join('\r\n')) };
}
