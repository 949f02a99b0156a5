import type { Provenance, SourceColumn } from '../../domain/provenance.js';
import { dateInWords } from '../../lib/date-words.js';
import type { Contradiction } from './contradictions.js';
import type { RowProvenance } from './planned-command.js';

/**
 * A contradiction in a board secretary's words: which cell of which line, what the ledger holds
 * (and where that came from), what the file says. Used for the import report, the refusal under
 * `--no-corrections` and the correction event's reason.
 */

const columnWords = (column: SourceColumn | null) =>
  column ? `, column ${column.number}${column.title ? ` (${column.title})` : ''}` : '';

/** "line 21, column 6 (Latest Update)" — where the file says it. */
export function cellWords(p: Pick<RowProvenance, 'line' | 'column' | 'sheet'>): string {
  const sheet = p.sheet ? `sheet ${p.sheet}, ` : '';
  return `${sheet}line ${p.line ?? '?'}${columnWords(p.column)}`;
}

/** Where the ledger's version came from: the paper and line, or typed in. */
export function heldFromWords(provenance: Provenance | null): string {
  if (provenance === null) return 'typed into the ledger';
  const line = provenance.line === null ? '' : `, line ${provenance.line}`;
  return `from ${provenance.fileName}${provenance.sheet ? `, sheet ${provenance.sheet}` : ''}${line}`;
}

const EXCERPT = 160;
const CONTEXT = 40;

/**
 * The two texts where they differ: whole when short, else the differing stretch with some words
 * either side, so a secretary sees "eighty" against "ninety" without reading two pages.
 */
export function differingExcerpts(held: string, says: string): [string, string] {
  if (held.length <= EXCERPT && says.length <= EXCERPT) return [held, says];
  let start = 0;
  while (start < held.length && start < says.length && held[start] === says[start]) start++;
  let end = 0;
  while (
    end < held.length - start &&
    end < says.length - start &&
    held[held.length - 1 - end] === says[says.length - 1 - end]
  )
    end++;
  // Cut at word boundaries, and not at all when only a few words would be left out.
  const cut = (text: string) => {
    let from = Math.max(0, start - CONTEXT);
    if (from < CONTEXT / 2) from = 0;
    else from = text.indexOf(' ', from) + 1 || from;
    let to = Math.min(
      text.length,
      Math.max(start, text.length - end) + CONTEXT,
      from + EXCERPT + 2 * CONTEXT,
    );
    if (text.length - to < CONTEXT / 2) to = text.length;
    else to = text.lastIndexOf(' ', to) > from ? text.lastIndexOf(' ', to) : to;
    return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
  };
  return [cut(held), cut(says)];
}

const FACT_WORDS: Record<Contradiction['fact'], (on: string) => string> = {
  update: (on) => `the update of ${dateInWords(on)}`,
  response: (on) => `the response recorded on ${dateInWords(on)}`,
  rag: (on) => `the RAG status on ${dateInWords(on)}`,
  completed: () => 'the date it was completed',
  'not-applicable': () => 'the date it was marked not applicable',
};

/** What the fact is, e.g. "the update of 24 August 2015". */
export const factWords = (c: Contradiction): string => FACT_WORDS[c.fact](c.target.effectiveOn);

/** What the ledger holds against what the file says, quoted (texts) or plain (RAG words, dates). */
function versions(c: Contradiction): { held: string; says: string } {
  if (c.fact === 'update' || c.fact === 'response') {
    const [held, says] = differingExcerpts(c.held, c.says);
    return { held: `“${held}”`, says: `“${says}”` };
  }
  if (c.fact === 'completed' || c.fact === 'not-applicable')
    return { held: dateInWords(c.held), says: dateInWords(c.says) };
  return { held: c.held, says: c.says };
}

/**
 * One sentence: "line 21, column 6 (Latest Update), item 10: the ledger holds the update of 24
 * August 2015 as “…” (from 004.txt, line 21), but this file says “…”."
 */
export function contradictionWords(c: Contradiction, where: RowProvenance, label: string): string {
  const { held, says } = versions(c);
  const from = heldFromWords(c.target.provenance);
  if (c.completes)
    return `${cellWords(where)}, ${label}: the ledger holds ${factWords(c)} cut short as ${held} (${from}); this file gives it in full as ${says}`;
  return `${cellWords(where)}, ${label}: the ledger holds ${factWords(c)} as ${held} (${from}), but this file says ${says}`;
}

/** The correction event's reason (at most 500 characters): which file and cell, and what it fixes. */
export function correctionReason(c: Contradiction, where: RowProvenance, fileName: string): string {
  const what = c.completes
    ? `completes ${factWords(c)}, which the ledger held cut short`
    : c.movedTo !== null
      ? `gives ${dateInWords(c.movedTo)}, not ${dateInWords(c.held)}, as ${factWords(c)}`
      : c.fact === 'rag'
        ? `gives ${c.says}, not ${c.held}, for ${factWords(c)}`
        : `gives another text for ${factWords(c)}`;
  return `Corrected by ${fileName}, ${cellWords(where)}: it ${what}`.slice(0, 500);
}
