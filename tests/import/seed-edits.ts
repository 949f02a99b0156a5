import { seedText } from './helpers.js';

/**
 * Seed 004 with the cells of line `line` under the given column titles (as its title row, line
 * 11, prints them) replaced: a small, named edit of a real paper.
 */
export function seed004With(line: number, cells: Readonly<Record<string, string>>): string {
  const lines = seedText('004').split('\n');
  const titles = (lines[10] ?? '').split('\t');
  const row = (lines[line - 1] ?? '').split('\t');
  if (row.length !== titles.length) throw new Error(`line ${line} is not a row of the table`);
  for (const [title, value] of Object.entries(cells)) {
    const at = titles.indexOf(title);
    if (at < 0) throw new Error(`no column titled ${title}`);
    row[at] = value;
  }
  lines[line - 1] = row.join('\t');
  return lines.join('\n');
}
