import { afterEach, describe, expect, it } from 'vitest';
import { itemHistory } from '../../projections/runtime/queries.js';
import { itemIdFor } from '../../src/domain/ids.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { inspectionIdFor } from '../../src/import/record/import-ids.js';
import { runImport } from '../../src/import/record/run-import.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';
import { INSPECTION, type VersionRow, versionDocument } from './plan-versions.js';

const itemOf = (ref: string) => itemIdFor(inspectionIdFor(INSPECTION), ref);

const ledgers: Awaited<ReturnType<typeof tempLedger>>[] = [];
async function ledger() {
  const l = await tempLedger();
  ledgers.push(l);
  return l;
}
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
});

async function importAll(docs: readonly ParsedDocument[]) {
  const { store } = await ledger();
  const reports = [];
  for (const doc of docs) reports.push((await runImport(store, doc, { actor: importer() })).report);
  return { store, reports, index: await indexOf(store) };
}

/** An item's facts as history shows them: type, date, how the date was found. */
async function factsOf(docs: readonly ParsedDocument[], ref: string) {
  const { index } = await importAll(docs);
  return itemHistory({ index }, itemOf(ref)).entries.map((e) => ({
    type: e.type,
    effectiveOn: e.effectiveOn,
    dateFrom: e.provenance?.dateFrom,
    dateStated: e.provenance?.dateStated,
  }));
}

const MARCH: VersionRow[] = [
  { ref: 'R.1', date: '11-Mar-15', rag: 'GREEN' },
  { ref: 'R.2', latest: '2 March 2015 - Work started.', date: '02-Mar-15', rag: 'AMBER' },
];
const APRIL: VersionRow[] = [
  { ref: 'R.1', latest: '24 April 2015 - First step taken.', date: '24-Apr-15', rag: 'GREEN' },
  MARCH[1] as VersionRow,
];

describe('an undated Initial Response beside a Latest Update column', () => {
  it('given the March and April exports, when imported in turn or April alone, then the response has one date: the item’s receipt, marked imputed', async () => {
    const [march, april] = [await versionDocument(MARCH), await versionDocument(APRIL)];
    const series = await factsOf([march, april], 'R.1');
    const alone = await factsOf([april], 'R.1');
    const responses = (facts: typeof series) => facts.filter((f) => f.type === 'ResponseRecorded');
    expect(responses(series)).toEqual(responses(alone));
    expect(responses(series)).toHaveLength(1);
    expect(series.find((f) => f.type === 'ResponseRecorded')).toEqual({
      type: 'ResponseRecorded',
      // The document's earliest date (R.2's 2 March update): when the item was received.
      effectiveOn: '2015-03-02',
      dateFrom: 'document-start',
      dateStated: false,
    });
    expect(series.find((f) => f.type === 'RecommendationReceived')?.effectiveOn).toBe('2015-03-02');
  });
});

describe('owners and due dates that differ in a later export', () => {
  it('given April’s export names a new action owner and a later due date for R.1, then both are changes dated on April’s paper, the reason naming it, and nothing else is repeated', async () => {
    const march = await versionDocument(MARCH, 'plan-march.csv');
    const changed = APRIL.map((r) => (r.ref === 'R.1' ? { ...r, owner: 'Supt Crime', due: '30-Jun-15' } : r));
    const april = await versionDocument(changed, 'plan-april.csv');
    const { reports, index } = await importAll([march, april]);
    expect(reports[1]?.status).toBe('imported');
    // One new update, the owner, the due date and the paper's report: nothing March said again.
    expect(reports[1]?.events.byType).toEqual({
      UpdatePosted: 1,
      OwnerAssigned: 1,
      DueDateChanged: 1,
      BoardReportPresented: 1,
    });
    const history = itemHistory({ index }, itemOf('R.1')).entries;
    const paperDate = reports[1]?.presented?.boardDate;
    expect(paperDate).toBe('2015-04-24');
    expect(history.filter((e) => e.type === 'OwnerAssigned').map((e) => [e.effectiveOn, e.data])).toEqual([
      ['2015-03-02', expect.objectContaining({ actionOwner: 'Supt Ops' })],
      ['2015-04-24', expect.objectContaining({ actionOwner: 'Supt Crime' })],
    ]);
    const due = history.find((e) => e.type === 'DueDateChanged');
    expect(due).toMatchObject({
      effectiveOn: '2015-04-24',
      data: {
        dueDate: '2015-06-30',
        escalated: false,
        reason: 'as reported in plan-april.csv presented on 2015-04-24',
      },
      provenance: { fileName: 'plan-april.csv', dateStated: false, dateFrom: 'latest-update', line: 2 },
    });
  });

  it('given the same export imported again or a new item only, then no owner or due-date change is invented', async () => {
    const march = await versionDocument(MARCH);
    const { reports } = await importAll([march, march]);
    expect(reports[0]?.events.byType.DueDateChanged).toBeUndefined();
    expect(reports[1]?.status).toBe('unchanged');
  });
});

describe('a later export that states what the interactive rules would refuse', () => {
  it('given R.1 complete in the ledger, when April’s paper rates it Amber while still complete, then the rating is recorded marked "as reported" with a warning naming the row', async () => {
    const closed = MARCH.map((r) => (r.ref === 'R.1' ? { ...r, complete: 'Yes' } : r));
    const rated = APRIL.map((r) => (r.ref === 'R.1' ? { ...r, complete: 'Yes', rag: 'AMBER' } : r));
    const { reports, index } = await importAll([
      await versionDocument(closed, 'plan-march.csv'),
      await versionDocument(rated, 'plan-april.csv'),
    ]);
    const april = reports[1];
    expect([april?.status, april?.failures]).toEqual(['imported', []]);
    expect(april?.warnings).toContainEqual({
      line: 2,
      reason: expect.stringMatching(
        /^RAG Amber on 24 April 2015 recorded as this paper reports it, although item R\.1 is complete in the ledger/,
      ),
      message: expect.stringMatching(
        /^plan-april\.csv, line 2: RAG Amber on 24 April 2015 recorded as this paper/,
      ),
    });
    const rag = itemHistory({ index }, itemOf('R.1'))
      .entries.filter((e) => e.type === 'RagChanged')
      .at(-1);
    expect(rag).toMatchObject({
      effectiveOn: '2015-04-24',
      data: { from: 'GREEN', to: 'AMBER', asReported: true },
      provenance: { fileName: 'plan-april.csv', line: 2 },
    });
  });
});
