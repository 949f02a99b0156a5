import { writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { getItem, getPlans, itemHistory } from '../../projections/runtime/queries.js';
import { itemIdFor } from '../../src/domain/ids.js';
import { ConcurrencyError } from '../../src/errors.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { parseDocumentText, readDocument } from '../../src/import/read/read-document.js';
import { inspectionIdFor } from '../../src/import/record/import-ids.js';
import { runImport } from '../../src/import/record/run-import.js';
import type { EventStore } from '../../src/store/event-store.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

const INSPECTION = 'HMIC Test Inspection 2015';
const HEADER = [
  'Ref',
  'Recommendation',
  'Portfolio',
  'Strategic Lead',
  'Action Owner',
  'Due Date',
  'Initial Response',
  'Latest Update',
  'Date of Update',
  'Complete',
  'RAG Status',
];

type Row = Partial<Record<'ref' | 'portfolio' | 'latest' | 'date' | 'complete' | 'rag' | 'due', string>>;

/** One plan row with defaults; each test changes only what it is about. */
function row(over: Row): string[] {
  return [
    over.ref ?? 'R.1',
    `The force should act on ${over.ref ?? 'R.1'}.`,
    over.portfolio ?? 'Territorial Policing',
    'ACC TP',
    'Supt Ops',
    over.due ?? '31-Mar-15',
    'Plan agreed with the inspectorate.',
    over.latest ?? '',
    over.date ?? '08-Jan-15',
    over.complete ?? 'No',
    over.rag ?? 'AMBER',
  ];
}

const BASE: Row[] = [
  { ref: 'R.1', latest: '8 Jan 2015 - First step. 23 Jan 2015 - Second step.', date: '23-Jan-15' },
  { ref: 'R.2', complete: 'Yes', rag: 'COMPLETE', date: '20-Jan-15' },
  { ref: 'AFI.3 (R.1)', portfolio: 'Protective Services', rag: 'GREEN', due: 'Soon-ish' },
];

const csv = (rows: Row[]) =>
  [HEADER, ...rows.map(row)]
    .map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\n');

const csvDocument = (rows: Row[], source = 'plan.csv'): ParsedDocument =>
  parseDocumentText(csv(rows), 'csv', { source, inspection: INSPECTION }).document;

const inspectionId = inspectionIdFor(INSPECTION);
const itemOf = (ref: string) => itemIdFor(inspectionId, ref);

const ledgers: Awaited<ReturnType<typeof tempLedger>>[] = [];
async function ledger() {
  const l = await tempLedger();
  ledgers.push(l);
  return l;
}
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
});

describe('import plan: rows → events', () => {
  it('given a row with updates in one cell, Complete Yes and an unreadable due date, then each becomes its own dated fact', async () => {
    const { store } = await ledger();
    const { report } = await runImport(store, csvDocument(BASE), { actor: importer() });
    expect(report.status).toBe('imported');
    const source = { index: await indexOf(store) };
    const r1 = itemHistory(source, itemOf('R.1')).entries.map((e) => [e.type, e.effectiveOn]);
    expect(r1).toEqual([
      ['RecommendationReceived', '2015-01-08'],
      ['OwnerAssigned', '2015-01-08'],
      ['ResponseRecorded', '2015-01-08'],
      ['UpdatePosted', '2015-01-08'],
      ['UpdatePosted', '2015-01-23'],
      ['RagChanged', '2015-01-23'],
    ]);
    const r2 = getItem(source, itemOf('R.2'), { asOf: '2015-12-31' }).item;
    expect([r2.status, r2.closedOn]).toEqual(['complete', '2015-01-20']);
    const afi3 = getItem(source, itemOf('AFI.3'), { asOf: '2015-12-31' }).item;
    expect([afi3.dueDate, afi3.timescale, afi3.parentRef, afi3.rag]).toEqual([
      null,
      'Soon-ish',
      'R.1',
      'GREEN',
    ]);
    expect(report.warnings.map((w) => w.reason)).toContainEqual(expect.stringContaining('Soon-ish'));
  });

  it('given --dry-run, then everything is decided and reported and nothing is appended', async () => {
    const { store } = await ledger();
    const { report, decided } = await runImport(store, csvDocument(BASE), {
      actor: importer(),
      dryRun: true,
    });
    expect(report.status).toBe('dry-run');
    expect(report.events.planned).toBe(decided.streams.reduce((n, s) => n + s.events.length, 0));
    expect(report.events.planned).toBeGreaterThan(10);
    expect([report.events.appended, await store.headPosition()]).toEqual([0, -1]);
  });

  it('given a later export of the same plan, then only its new facts are appended', async () => {
    const { store } = await ledger();
    await runImport(store, csvDocument(BASE), { actor: importer() });
    const head = await store.headPosition();
    const later: Row[] = [
      { ...BASE[0], latest: `${BASE[0]?.latest} 6 Feb 2015 - Third step.`, date: '06-Feb-15', rag: 'GREEN' },
      ...BASE.slice(1),
    ];
    const { report } = await runImport(store, csvDocument(later, 'plan-feb.csv'), { actor: importer() });
    expect(report.status).toBe('imported');
    // and the later export is itself a report presented on its latest date.
    expect(report.events.byType).toEqual({ UpdatePosted: 1, RagChanged: 1, BoardReportPresented: 1 });
    expect(await store.headPosition()).toBe(head + 3);
  });

  it('given a later export that reports open again an item the ledger holds as complete, then it is reopened on the row’s date and re-rated', async () => {
    // The paper is the record of what was reported: Complete "No" with a RAG on an item an
    // earlier paper closed is a reopening, not a refusal (issue 11: "reopening").
    const { store } = await ledger();
    await runImport(store, csvDocument(BASE), { actor: importer() });
    const head = await store.headPosition();
    const reratedWhileComplete: Row[] = [
      { ...BASE[0], latest: `${BASE[0]?.latest} 6 Feb 2015 - Third step.`, date: '06-Feb-15' },
      { ref: 'R.2', complete: 'No', rag: 'RED', date: '10-Feb-15' },
      BASE[2] ?? {},
    ];
    const { report } = await runImport(store, csvDocument(reratedWhileComplete, 'plan-feb.csv'), {
      actor: importer(),
    });
    expect(report.status).toBe('imported');
    expect(report.failures).toEqual([]);
    expect(report.events.byType).toMatchObject({ Reopened: 1, RagChanged: 1, UpdatePosted: 1 });
    expect(await store.headPosition()).toBe(head + report.events.appended);
    const index = await indexOf(store);
    const history = itemHistory({ index }, itemOf('R.2')).entries;
    expect(history.find((e) => e.type === 'Reopened')).toMatchObject({
      effectiveOn: '2015-02-10',
      data: { reason: expect.stringContaining('plan-feb.csv') },
    });
    expect(getItem({ index }, itemOf('R.2'), { asOf: '2015-02-10' }).item).toMatchObject({
      status: 'open',
      rag: 'RED',
    });
  });

  it('given an append interrupted part-way, then re-running the same import completes it, with the same events', async () => {
    const clean = await ledger();
    await runImport(clean.store, csvDocument(BASE), { actor: importer() });
    const { store } = await ledger();
    const { report } = await runImport(failingOnAppend(store, 3), csvDocument(BASE), { actor: importer() });
    expect(report.status).toBe('interrupted');
    expect(report.streams.appended).toBe(2);
    const rerun = await runImport(store, csvDocument(BASE), { actor: importer() });
    expect(rerun.report.status).toBe('imported');
    const ids = async (s: EventStore) =>
      (await s.readAll()).map((r) => `${r.streamId}/${r.revision}/${r.eventId}`).sort();
    expect(await ids(store)).toEqual(await ids(clean.store));
  });
});

/** A store whose n-th append (1-based) loses a race, as if another writer got there first. */
function failingOnAppend(store: EventStore, n: number): EventStore {
  let calls = 0;
  return {
    ...store,
    append: async (streamId, events, options) => {
      calls++;
      if (calls === n) throw new ConcurrencyError(streamId, options.expectedRevision, 0);
      return store.append(streamId, events, options);
    },
    readStream: (id, o) => store.readStream(id, o),
    readAll: (o) => store.readAll(o),
    headPosition: () => store.headPosition(),
    streamRevision: (id) => store.streamRevision(id),
    subscribe: (o, h) => store.subscribe(o, h),
    close: () => store.close(),
  };
}

describe('CSV and XLSX written from one plan', () => {
  it('when each is imported, then both give the same snapshot, and the second one into the same ledger is a no-op', async () => {
    const a = await ledger();
    const csvFile = path.join(a.dir, 'plan.csv');
    const xlsxFile = path.join(a.dir, 'plan.xlsx');
    writeFileSync(csvFile, csv(BASE));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    for (const cells of [HEADER, ...BASE.map(row)]) sheet.addRow(cells);
    await workbook.xlsx.writeFile(xlsxFile);

    const fromCsv = await runImport(a.store, await readDocument(csvFile, { inspection: INSPECTION }), {
      actor: importer(),
    });
    const b = await ledger();
    const fromXlsx = await runImport(b.store, await readDocument(xlsxFile, { inspection: INSPECTION }), {
      actor: importer(),
    });
    expect([fromCsv.report.status, fromXlsx.report.status]).toEqual(['imported', 'imported']);
    const at = { asOf: '2015-12-31', knownAt: '2100-01-01' };
    const snapshotA = getPlans({ index: await indexOf(a.store) }, at);
    const snapshotB = getPlans({ index: await indexOf(b.store) }, at);
    expect(snapshotB).toEqual(snapshotA);
    expect(snapshotA.plans.map((p) => [p.plan?.portfolio, p.items.length])).toEqual([
      ['Territorial Policing', 2],
      ['Protective Services', 1],
    ]);
    // Same content in another format is the same source: nothing new to append.
    expect(fromXlsx.report.sourceId).toBe(fromCsv.report.sourceId);
    const again = await runImport(a.store, await readDocument(xlsxFile, { inspection: INSPECTION }), {
      actor: importer(),
    });
    expect(again.report.status).toBe('unchanged');
  });
});
