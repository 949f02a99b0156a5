import { htmlToText } from './html-text.js';

/** "Total", "Totals", "Grand total", "Sub-total", "Summary", "Overall". */
const TOTALS_LABEL = /^(grand\s+|sub-?\s?)?totals?\b|^summary\b|^overall\s+(total|position|status)\b/i;
/** "16 AFIs: 0 completed, 7 green …", "3 recommendations – 1 complete". */
const COUNT_LINE =
  /^\d+\s+(afis?|areas?\s+for\s+improvement|(national\s+|sub[- ]?)?recommendations?|actions?|items?)\b\s*[:,;–—-]?\s*\d*\s*(complete|completed|closed|open|green|amber|red|outstanding|on\s+track)/i;

/**
 * A totals or summary row a secretary adds under a table ("Total | 16 | 0 | 7 | 9 | 0", or
 * "16 AFIs: 0 completed, 7 green, 9 amber"). It counts the rows above; it is not an item, and
 * read as one it would add an item called "Total" (or give every row below a section named
 * after the count). Judged on the first filled cell.
 */
export function isTotalsRow(cells: readonly string[]): boolean {
  const [first, ...rest] = cells.map((c) => htmlToText(c)).filter((t) => t !== '');
  if (first === undefined) return false;
  if (COUNT_LINE.test(first)) return true;
  // "Total crime fell…" opening a row whose ref was lost is an item: a totals label is short and
  // what follows it is counts.
  return TOTALS_LABEL.test(first) && first.length <= 60 && rest.every((t) => /^[\d\s%.,:/()-]*$/.test(t));
}
