import { beforeAll, describe, expect, it } from 'vitest';
import { clean, day, flat, importedByLine, type LedgerItem, sourceCells } from './support.js';

/**
 * Seed 004, every item against its source row. Read from the file by hand:
 * - line 3: "POLICE INTEGRITY & CORRUPTION IMPROVEMENT PLAN (National Recommendations)", owner
 *   "Deputy Chief Constable" (line 7); rows 12–22 and 24–26, refs 1–14.
 * - line 28: the same plan "(BTP Areas)", same owners; rows 31–34, refs 1–4.
 * - both title rows (11, 30): Ref | Area for Improvement | Action Owner | Due Date | Initial
 *   Response | Latest Update | Date of Update | Complete Yes/No | RAG Status.
 * Cells hold dated entries written "Update 24 April 2015 - …"; text before the first such entry
 * ("No further action required.") is dated by the row's Date of Update.
 */
const NATIONAL = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26];
const BTP_AREAS = [31, 32, 33, 34];

// Line 21 also writes one entry without "Update": "… being considered.  6 November 2015 - …".
const ENTRY = /(?<!Update )(?<![\dA-Za-z])(?=(?:Update )?\d{1,2} [A-Z][a-z]+ \d{4} - )/;
const entryDate = (text: string) => day(/^(?:Update )?(\d{1,2} [A-Z][a-z]+ \d{4}) - /.exec(text)?.[1]);

/** What the source says about the row at `line`, derived from its cells. */
function expectedAt(line: number) {
  const [ref, text, owner, due, response, latest, dateOfUpdate, complete, rag] = sourceCells('004', line);
  const rowDate = day(dateOfUpdate);
  const updates =
    latest === undefined || latest === 'N/A'
      ? []
      : latest
          .split(ENTRY)
          .map((t) => t.trim())
          .filter((t) => t !== '')
          .map((t) => ({ on: entryDate(t) ?? rowDate, text: t }));
  const closed = complete === 'Yes' || rag === 'COMPLETE' || complete === 'N/A';
  return {
    ref,
    kind: BTP_AREAS.includes(line) ? 'area-for-improvement' : 'national-recommendation',
    label: BTP_AREAS.includes(line) ? 'BTP Areas' : 'National Recommendations',
    text,
    actionOwner: owner === 'N/A' ? null : owner,
    dueDate: day(due),
    response: { on: entryDate(response ?? ''), text: response },
    updates,
    status:
      complete === 'Yes' || rag === 'COMPLETE' ? 'complete' : complete === 'N/A' ? 'not-applicable' : 'open',
    rag: rag === 'GREEN' || rag === 'AMBER' || rag === 'RED' ? rag : null,
    closedOn: closed ? rowDate : null,
  };
}

/** The item as the ledger holds it, in the same shape. */
function actual(item: LedgerItem | undefined) {
  if (!item) return undefined;
  const { view } = item;
  return {
    ref: view.ref,
    kind: view.kind,
    label: /\(([^)]+)\)$/.exec(item.portfolio)?.[1],
    text: flat(view.text),
    actionOwner: view.actionOwner,
    dueDate: view.dueDate,
    response: item.response && { on: item.response.on, text: flat(item.response.text) },
    updates: item.updates.map((u) => ({ on: u.on, text: clean(u.text) })),
    status: view.status,
    rag: view.rag,
    closedOn: view.closedOn,
  };
}

describe('seed 004 fidelity: every item, field by field, against its source row', () => {
  let items: Map<number, LedgerItem>;
  beforeAll(async () => {
    items = await importedByLine('004');
  });

  it('given the file, then exactly its 18 rows are items (no more, no fewer)', () => {
    expect([...items.keys()].sort((a, b) => a - b)).toEqual([...NATIONAL, ...BTP_AREAS]);
  });

  it.each([...NATIONAL, ...BTP_AREAS])('line %i: every field as the row says', (line) => {
    expect(actual(items.get(line))).toEqual(expectedAt(line));
  });

  it('given refs 1–4 printed in both plans, then the BTP Areas items show them as printed and are told apart by kind (a qualified unique ref)', () => {
    expect(BTP_AREAS.map((line) => items.get(line)?.view.ref)).toEqual(['1', '2', '3', '4']);
    expect(BTP_AREAS.map((line) => items.get(line)?.view.uniqueRef)).toEqual([
      '1 (area-for-improvement)',
      '2 (area-for-improvement)',
      '3 (area-for-improvement)',
      '4 (area-for-improvement)',
    ]);
  });
});
