import { ValidationError } from '../../errors.js';
import type { LineNote } from '../parsed-document.js';
import { readColumnTitles } from './columns.js';
import type { TableRow } from './delimited.js';
import { htmlToText } from './html-text.js';

/** Which number of a slash date (`3/5/2011`) is the day. */
export type DateOrder = 'day-first' | 'month-first';

/** A slash date that can only be read one way, and where it is. */
interface Evidence {
  readonly order: DateOrder;
  readonly written: string;
  readonly line: number;
  readonly column: string;
}

const SLASH_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g;

/** "column 3 (Due Date)": where a secretary finds the cell. */
function columnName(index: number, titles: readonly string[] | null): string {
  const title = titles?.[index] ? htmlToText(titles[index] ?? '') : '';
  return title === '' ? `column ${index + 1}` : `column ${index + 1} (${title})`;
}

function evidenceIn(rows: readonly TableRow[]): { dayFirst: Evidence | null; monthFirst: Evidence | null } {
  let dayFirst: Evidence | null = null;
  let monthFirst: Evidence | null = null;
  let titles: readonly string[] | null = null;
  for (const row of rows) {
    if (readColumnTitles(row.cells) !== null) titles = row.cells;
    row.cells.forEach((cell, i) => {
      for (const m of cell.matchAll(SLASH_DATE)) {
        const first = Number(m[1]);
        const second = Number(m[2]);
        const at = { written: m[0], line: row.line, column: columnName(i, titles) };
        if (first > 12 && first <= 31 && second >= 1 && second <= 12)
          dayFirst ??= { order: 'day-first', ...at };
        if (second > 12 && second <= 31 && first >= 1 && first <= 12)
          monthFirst ??= { order: 'month-first', ...at };
      }
    });
    if (dayFirst && monthFirst) break;
  }
  return { dayFirst, monthFirst };
}

/**
 * The order of a file's slash dates, from the dates that can only be read one way. UK order (day
 * first) unless the file proves otherwise: a date such as `5/13/2011` (no month 13) makes every
 * slash date of the file month first — a spreadsheet writes all its dates in one locale — and the
 * reader warns at that line, naming the cell. A file proving both orders (`5/13/2011` on one line,
 * `13/5/2011` on another) cannot be read without guessing, so it is refused, naming both cells.
 * A file whose slash dates all fit either order (every number up to 12) is read day first.
 */
export function dateOrderOf(rows: readonly TableRow[]): { order: DateOrder; notes: LineNote[] } {
  const { dayFirst, monthFirst } = evidenceIn(rows);
  if (monthFirst === null) return { order: 'day-first', notes: [] };
  if (dayFirst !== null) {
    const [a, b] = [dayFirst, monthFirst].sort((x, y) => x.line - y.line) as [Evidence, Evidence];
    const how = (e: Evidence) =>
      `line ${e.line}, ${e.column} says "${e.written}" (${e.order === 'day-first' ? 'day first' : 'month first'})`;
    throw new ValidationError(
      `the file writes dates both day first and month first, so "3/5/2011" could be either: ${how(a)}, but ${how(b)}. Nothing was imported: write the dates with the month's name (13 May 2011) or all in one order, and import again`,
      [
        { path: `line ${a.line}`, message: `"${a.written}" in ${a.column} is ${a.order}` },
        { path: `line ${b.line}`, message: `"${b.written}" in ${b.column} is ${b.order}` },
      ],
    );
  }
  return {
    order: 'month-first',
    notes: [
      {
        line: monthFirst.line,
        reason: `line ${monthFirst.line}, ${monthFirst.column} says "${monthFirst.written}": there is no month ${monthFirst.written.split('/')[1]}, so this file writes the month first, and every date written with slashes in it is read month first (3/5/2011 is 5 March 2011). If that is wrong, write the dates with the month's name and import again`,
      },
    ],
  };
}
