import { beforeAll, describe, expect, it } from 'vitest';
import { seedText } from '../helpers.js';
import {
  clean,
  day,
  importedByLine,
  type LedgerItem,
  ledgerRow,
  NO_REF,
  rawCells,
  sourceCells,
  unlisted,
} from './support.js';

/**
 * Seed 000, every item against its source row. Read from the file by hand:
 * - line 1: "CORE BUSINESS (Making Best Use of Police Time) IMPROVEMENT PLAN", one plan; line 6 names
 *   its portfolio in a cell ("SCT Portfolio Owner: Deputy Chief Constable"); line 3 heads the list
 *   "National Recommendations".
 * - title row 8: Ref | Area for Improvement | Strategic Lead | Action Owner | Due Date | Initial
 *   Response | Latest Update | Date of Update | Complete Yes/No | RAG Status. The export keeps that
 *   layout for lines 9–19 (10 cells); lines 21–37 drop the last two and split the Date of Update
 *   over two cells ("23-Jan-" | "15", "19-Nov" | "14"); lines 39–51 have 5 cells: the ref glued
 *   into the text (or wrapped into its middle, or missing), Action Owner, Due Date, response, Date
 *   of Update. Line 25 holds only the start of line 26's response, wrapped onto a row of its own.
 * - The Initial Response cell holds every dated entry ("21 Nov 2014 from Supt Operations - …",
 *   "Update 23 Jan 2015 - …"): the first is the response, the others are the updates. Line 13 pastes
 *   its 23 Jan 2015 update twice, the first copy cut short: one update. Every entry writes its
 *   date, so every response and update date is stated, none imputed.
 * - No row fills Complete or RAG: every item is open and unrated.
 */
const ITEMS = [
  9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37,
].concat([39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
const PORTFOLIO = /SCT Portfolio Owner:\s*([^\t]+?)\s*(?:\t|$)/m.exec(seedText('000'))?.[1] ?? '';

/** An entry starts the cell or follows a sentence's end: an optional "Update", a date, an optional "from …", a dash. */
const ENTRY = /(?:^|(?<=[.!?]\s))(?=(?:Update )?\d{1,2} [A-Z][a-z]{2,8} \d{4}(?: from [^-]{1,60}?)? - )/;
const entryDate = (text: string) => day(/^(?:Update )?(\d{1,2} [A-Z][a-z]{2,8} \d{4})/.exec(text)?.[1]);

/** A dated entry of a cell; `stated` when the entry writes its own date. */
type Entry = { on: string | null; text: string; stated: boolean };

function entries(cell: string): Entry[] {
  return cell
    .split(ENTRY)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((text) => ({ on: entryDate(text), text, stated: entryDate(text) !== null }));
}

/** Same date and the same words, or the cut-short start of them (a paste repeated): one update. */
function withoutRepeats(updates: Entry[]) {
  const stem = (t: string) => t.replace(/[.\s]+$/, '');
  return updates.filter(
    (u, i) =>
      !updates.some(
        (o, j) =>
          j !== i && o.on === u.on && stem(o.text).startsWith(stem(u.text)) && (o.text !== u.text || j < i),
      ),
  );
}

/** A ref glued into the 5-cell rows' text: "pg 110 paragraph 4.170 By …", or "pg 125 By … paragraph 5.33 with …". */
function refAndText(line: number, cell: string): { ref: string; text: string } {
  const pg = /^pg (\d+) /.exec(cell);
  const para = /(?:^|\s)paragraph (\d+\.\d+)(?=\s)/.exec(cell.slice(pg ? pg[0].length : 0));
  if (!para) return { ref: `line-${line}`, text: cell };
  const ref = pg ? `pg ${pg[1]} paragraph ${para[1]}` : `paragraph ${para[1]}`;
  const text = cell.replace(/^pg \d+ /, '').replace(/(^|\s)paragraph \d+\.\d+(?=\s)/, '');
  return { ref, text: clean(text) };
}

/** The row at `line` in one shape whatever its layout; dates split over two cells joined. */
function row(line: number) {
  const raw = rawCells('000', line);
  // A list item's own dash is only its marker (see `unlisted`).
  const responseCells = raw.length === 10 ? [5, 6] : raw.length === 8 ? [5] : [3];
  const c = sourceCells('000', line).map((cell, i) =>
    responseCells.includes(i) ? unlisted(raw[i] ?? '') : cell,
  );
  if (c.length === 10) {
    const [
      ref = '',
      text = '',
      lead = '',
      owner = '',
      due = '',
      response = '',
      latest = '',
      dated = '',
      complete = '',
      rag = '',
    ] = c;
    return {
      ref,
      text,
      lead,
      owner,
      due,
      response: [response, latest].join(' ').trim(),
      dated,
      complete,
      rag,
    };
  }
  if (c.length === 8) {
    const [ref = '', text = '', lead = '', owner = '', due = '', response = '', d1 = '', d2 = ''] = c;
    return {
      ref,
      text,
      lead,
      owner,
      due,
      response,
      dated: `${d1.replace(/-$/, '')}-${d2}`,
      complete: '',
      rag: '',
    };
  }
  const [glued = '', owner = '', due = '', response = '', dated = ''] = c;
  return { ...refAndText(line, glued), lead: '', owner, due, response, dated, complete: '', rag: '' };
}

/** What the source says about the item at `line`, derived from its cells. */
function expectedAt(line: number) {
  const r = row(line);
  // A row with only its response cell filled is the start of the next row's response.
  const above = sourceCells('000', line - 1);
  const wrapped =
    above.filter((c) => c !== '').length === 1 && above[5]
      ? `${unlisted(rawCells('000', line - 1)[5] ?? '')} `
      : '';
  const [response, ...rest] = entries(`${wrapped}${r.response}`);
  const updates = withoutRepeats(rest).sort((a, b) => (a.on ?? '').localeCompare(b.on ?? ''));
  const closed = r.complete === 'Yes' || r.complete === 'N/A' || r.rag === 'COMPLETE';
  return {
    ref: r.ref === '' || /^line-\d+$/.test(r.ref) ? NO_REF : r.ref,
    kind: 'national-recommendation',
    portfolio: PORTFOLIO,
    text: clean(r.text),
    strategicLead: r.lead === '' ? null : r.lead,
    actionOwner: r.owner === '' || r.owner === 'N/A' ? null : r.owner,
    dueDate: day(r.due),
    response: response ?? null,
    updates,
    status:
      r.complete === 'Yes' || r.rag === 'COMPLETE'
        ? 'complete'
        : r.complete === 'N/A'
          ? 'not-applicable'
          : 'open',
    rag: ['GREEN', 'AMBER', 'RED'].includes(r.rag) ? r.rag : null,
    closedOn: closed ? day(r.dated) : null,
    closure: closed ? { on: day(r.dated), stated: true } : null,
  };
}

/** The item as the ledger holds it, in the same shape (000's table also has a Strategic Lead). */
function actual(item: LedgerItem | undefined) {
  const row = ledgerRow(item);
  return row && { ...row, strategicLead: item?.view.strategicLead };
}

describe('seed 000 fidelity: every item, field by field, against its source row', () => {
  let items: Map<number, LedgerItem>;
  beforeAll(async () => {
    items = await importedByLine('000');
  });

  it('given the file, then exactly its 40 rows are items (the wrapped response on line 25 is not one)', () => {
    expect([...items.keys()].sort((a, b) => a - b)).toEqual(ITEMS);
  });

  it.each(ITEMS)('line %i: every field as the row says', (line) => {
    expect(actual(items.get(line))).toEqual(expectedAt(line));
  });

  it('given the paper states no receipt or publication date, then every item is received on the earliest date the file holds, marked imputed (document start)', () => {
    const written = ITEMS.flatMap((line) => {
      const e = expectedAt(line);
      return [e.response?.on, ...e.updates.map((u) => u.on), e.closure?.on].filter(
        (d): d is string => typeof d === 'string',
      );
    }).sort();
    expect(written[0]).toBe('2014-11-18');
    const received = ITEMS.map((line) => items.get(line)?.received);
    expect(new Set(received.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ on: written[0], stated: false, from: 'document-start' })]),
    );
  });

  it('given line 13 pastes its 23 Jan 2015 update twice (the first copy cut short), then it is one update, the full copy', () => {
    const on23 = items.get(13)?.updates.filter((u) => u.on === '2015-01-23') ?? [];
    expect(on23).toHaveLength(1);
    expect(on23[0]?.text).toMatch(
      /at there are current issues with ePSP .* ownership of EPSP is confirmed\.$/,
    );
    expect(items.get(13)?.updates.map((u) => u.on)).toEqual(['2015-01-08', '2015-01-23']);
  });

  it('given "pg 54 paragraph 3.41" printed on three rows, then all three show it as printed; only the unique ref tells them apart', () => {
    expect([11, 12, 13].map((l) => items.get(l)?.view.ref)).toEqual(Array(3).fill('pg 54 paragraph 3.41'));
    expect(new Set([11, 12, 13].map((l) => items.get(l)?.view.uniqueRef)).size).toBe(3);
  });
});
