import { ValidationError } from '../../errors.js';
import { type ColumnRole, readColumnTitles } from './columns.js';
import type { TableRow } from './delimited.js';
import { htmlToText } from './html-text.js';

/**
 * Refuses a table that names one column twice (two "Ref" columns, say) when a row says two
 * different things in them: which one is the item's ref would be a guess, and a wrong guess files
 * the row's facts under another item with exit 0. Two copies that agree, or one of them empty,
 * read as one column.
 */
export function refuseConflictingColumns(rows: readonly TableRow[]): void {
  let twice: Array<{ role: ColumnRole; at: number[] }> = [];
  let titles: readonly string[] = [];
  for (const row of rows) {
    const layout = readColumnTitles(row.cells);
    if (layout !== null) {
      titles = row.cells;
      const at = new Map<ColumnRole, number[]>();
      layout.roles.forEach((role, i) => {
        if (role !== null) at.set(role, [...(at.get(role) ?? []), i]);
      });
      twice = [...at].filter(([, cols]) => cols.length > 1).map(([role, cols]) => ({ role, at: cols }));
      continue;
    }
    for (const { at } of twice) {
      const said = at
        .map((i) => ({ i, text: htmlToText(row.cells[i] ?? '').trim() }))
        .filter((c) => c.text !== '');
      const other = said.find((c) => c.text !== said[0]?.text);
      const first = said[0];
      if (first === undefined || other === undefined) continue;
      const column = (i: number) => {
        const title = htmlToText(titles[i] ?? '').trim();
        return `column ${i + 1}${title === '' ? '' : ` (${title})`}`;
      };
      throw new ValidationError(
        `line ${row.line}: the table has two columns titled as one, ${column(first.i)} and ${column(other.i)}, and this row says "${first.text.slice(0, 60)}" in one and "${other.text.slice(0, 60)}" in the other, so which one counts cannot be told. Nothing was imported: delete or rename one of the two columns and import again`,
        [{ path: `line ${row.line}, ${column(other.i)}`, message: `differs from ${column(first.i)}` }],
      );
    }
  }
}
