import { beforeAll, describe, expect, it } from 'vitest';
import { seedText } from '../helpers.js';
import {
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
 * Seed 001, every item against its source row. Read from the file by hand:
 * - the board paper is dated 17 October 2012 (line 9): what a row does not date is as of then.
 * - lines 69–129: the Anti-Social Behaviour plan ("SCT Portfolio Owner: ACC Territorial Policing
 *   & Crime"), areas for improvement; the first nine have no ref, and line 115 prints its finding
 *   in the Ref column. Lines 133–200: Without Fear or Favour ("SCT Portfolio Owner: Deputy Chief
 *   Constable"), six national recommendations (143–150) then 23 sub-recommendations (164–200)
 *   numbered from 1 again.
 * - every title row: Ref | Area for Improvement / Recommendation | Due Date | Action Owner |
 *   Progress Update | Date of Update. No Complete, no RAG column: a Due Date of "Complete" means
 *   complete; a Due Date of "N/A" ("requires no input from BTP"), or a Progress Update that is only
 *   "N/A", means not applicable.
 * - A row with only its first cell filled is a heading, a question or an "Overall …" finding
 *   (lines 97, 105, 127), and line 106 is the paragraph answering 105: none is an item.
 * - The Progress Update is the response, dated by the row's Date of Update; no cell holds dated
 *   entries ("12 Sep 2012 - …"), so there are no updates.
 */
const PAPER_DATE = '2012-10-17';
const lines = seedText('001').split('\n');
const TITLE = /^Ref\t/;

/** Rows of the plans' tables with something in Due Date, Action Owner, Progress Update or Date of Update. */
const ITEMS = lines.flatMap((text, i) => {
  const cells = sourceCells('001', i + 1);
  const filled = cells.slice(2).some((c) => c !== '' && !/^-+$/.test(c));
  return i + 1 > 75 && cells.length === 6 && !TITLE.test(text) && filled ? [i + 1] : [];
});

/** The nearest header line above `line` naming `label`, without its bold marks. */
function headerAbove(line: number, label: string): string {
  for (let n = line - 1; n > 0; n--) {
    const m = new RegExp(`^(?:\\*\\*)?${label}:\\s*(.+?)(?:\\*\\*)?\\s*$`).exec(lines[n - 1] ?? '');
    if (m?.[1]) return m[1];
  }
  return '';
}

/** The kind heading above `line`: the ASB plan's areas, then recommendations, then sub-recommendations. */
function kindAt(line: number): string {
  for (let n = line - 1; n > 0; n--) {
    const text = lines[n - 1] ?? '';
    if (/SUB RECOMMENDATIONS/.test(text)) return 'sub-recommendation';
    if (/RECOMMENDATIONS FROM NATIONAL REPORT/.test(text)) return 'national-recommendation';
    if (/AREAS FOR IMPROVEMENT/.test(text)) return 'area-for-improvement';
  }
  return '';
}

function expectedAt(line: number) {
  const [ref = '', text = '', due = '', owner = '', , dated = ''] = sourceCells('001', line);
  const progress = unlisted(rawCells('001', line)[4] ?? '');
  const notApplicable = due === 'N/A' || progress === 'N/A';
  const closed = due === 'Complete' || notApplicable;
  return {
    // A finding printed in the Ref column is the item's wording, and the item has no ref.
    ref: ref === '' || text === '' ? NO_REF : ref,
    kind: kindAt(line),
    portfolio: headerAbove(line, 'SCT Portfolio Owner'),
    text: text === '' ? ref : text,
    actionOwner: owner === '' || owner === 'N/A' ? null : owner,
    dueDate: day(due),
    // The Progress Update writes no date of its own: its Date of Update dates it (not stated by the cell).
    response:
      progress === '' || progress === 'N/A'
        ? null
        : { on: day(dated) ?? PAPER_DATE, text: progress, stated: false },
    updates: [],
    status: due === 'Complete' ? 'complete' : notApplicable ? 'not-applicable' : 'open',
    rag: null,
    closedOn: closed ? (day(dated) ?? PAPER_DATE) : null,
    // A closure the row dates is stated; one dated by the paper for want of a date is imputed.
    closure: closed ? { on: day(dated) ?? PAPER_DATE, stated: day(dated) !== null } : null,
  };
}

describe('seed 001 fidelity: every item, field by field, against its source row', () => {
  let items: Map<number, LedgerItem>;
  beforeAll(async () => {
    items = await importedByLine('001');
  });

  it('given the file, then exactly its 63 table rows are items: 34 areas, 6 recommendations, 23 sub-recommendations', () => {
    expect(ITEMS).toHaveLength(63);
    expect([...items.keys()].sort((a, b) => a - b)).toEqual(ITEMS);
    const kinds = ITEMS.map(kindAt);
    expect(kinds.filter((k) => k === 'area-for-improvement')).toHaveLength(34);
    expect(kinds.filter((k) => k === 'national-recommendation')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'sub-recommendation')).toHaveLength(23);
  });

  it('given the "Overall …" findings alone on lines 97, 105, 127 and the answer on line 106, then none is an item', () => {
    for (const line of [97, 105, 106, 127]) expect(items.has(line), `line ${line}`).toBe(false);
  });

  it.each(ITEMS)('line %i: every field as the row says', (line) => {
    expect(ledgerRow(items.get(line))).toEqual(expectedAt(line));
  });

  it('given the ASB draft report "received … on 16 June 2012" (line 26), then the ASB items are received that day', () => {
    const received = day(/received the draft .* on (\d{1,2} [A-Z][a-z]+ \d{4})/.exec(lines[25] ?? '')?.[1]);
    expect(received).toBe('2012-06-16');
    const asb = ITEMS.filter((l) => kindAt(l) === 'area-for-improvement').map(
      (l) => items.get(l)?.view.receivedOn,
    );
    expect(asb).toEqual(Array(34).fill(received));
  });

  it('given the ASB draft report "received … on 16 June 2012" (line 26), then that receipt is marked as stated by the paper', () => {
    const asb = ITEMS.filter((l) => kindAt(l) === 'area-for-improvement').map((l) => items.get(l)?.received);
    expect(new Set(asb.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ on: '2012-06-16', stated: true, from: 'paper-date' })]),
    );
  });

  it('given Without Fear or Favour "published … in December 2011" (line 55), then its items are received that month, not on the ASB draft report\'s 16 June 2012', () => {
    const m = /findings published in the HMIC national report .* in ([A-Z][a-z]+) (\d{4})/.exec(
      lines[54] ?? '',
    );
    const month = day(`1 ${m?.[1]} ${m?.[2]}`)?.slice(0, 7);
    expect(month).toBe('2011-12');
    const wfof = ITEMS.filter((l) => kindAt(l) !== 'area-for-improvement').map((l) =>
      items.get(l)?.view.receivedOn?.slice(0, 7),
    );
    expect(wfof).toEqual(Array(29).fill(month));
  });

  it('given the paper states only the month (December 2011), then the receipt is never shown as a stated day: the last day of the month, imputed from the stated month', () => {
    const wfof = ITEMS.filter((l) => kindAt(l) !== 'area-for-improvement').map((l) => items.get(l)?.received);
    expect(new Set(wfof.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ on: '2011-12-31', stated: false, from: 'stated-month' })]),
    );
  });

  it('given Due "Complete" (9, 18), Due "N/A" (16, 17, 19, 23) and a Progress Update of only "N/A" (5, 6), then those are closed', () => {
    const byRef = (kind: string, ref: string) =>
      [...items.values()].find((i) => i.view.kind === kind && i.view.ref === ref)?.view.status;
    expect(['9', '18'].map((r) => byRef('sub-recommendation', r))).toEqual(['complete', 'complete']);
    expect(['16', '17', '19', '23'].map((r) => byRef('sub-recommendation', r))).toEqual(
      Array(4).fill('not-applicable'),
    );
    expect(['5', '6'].map((r) => byRef('national-recommendation', r))).toEqual([
      'not-applicable',
      'not-applicable',
    ]);
  });
});
