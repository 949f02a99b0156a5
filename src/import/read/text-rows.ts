import type { TableRow } from './delimited.js';

/** A text export's lines as rows of tab-separated cells. */
export function textRows(text: string): TableRow[] {
  return text.split(/\r\n|\r|\n/).map((raw, i) => ({ line: i + 1, cells: raw.split('\t') }));
}
