import { afterEach, describe, expect, it } from 'vitest';
import { logIndex } from '../../projections/runtime/log-index.js';
import { getPlans, itemHistory } from '../../projections/runtime/queries.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { renderReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { earlierVersion } from './earlier-version.js';
import { SEED_FILES, seedText } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';
import { type VersionRow, versionDocument } from './plan-versions.js';

const ledgers: Awaited<ReturnType<typeof tempLedger>>[] = [];
afterEach(async () => {
  for (const l of ledgers.splice(0)) await l.close();
});

/** Imports the papers in turn as `ledger import` does: one log index for the run. */
async function importInTurn(docs: readonly ParsedDocument[]) {
  const l = await tempLedger();
  ledgers.push(l);
  const log = logIndex(l.store);
  const reports = [];
  for (const doc of docs) {
    const options = { actor: importer(), snapshotDigest: log.digest, listedItems: log.itemsListedIn };
    reports.push((await runImport(l.store, doc, options)).report);
  }
  return { store: l.store, reports };
}

const MARCH: VersionRow[] = [
  { ref: 'R.1', latest: '2 March 2015 - Started.', date: '02-Mar-15', rag: 'AMBER' },
  { ref: 'R.2', date: '11-Mar-15', rag: 'GREEN' },
];
const APRIL: VersionRow[] = [
  {
    ref: 'R.1',
    latest: '2 March 2015 - Started. 24 April 2015 - Half done.',
    date: '24-Apr-15',
    rag: 'GREEN',
  },
];

describe('an item missing from a later paper', () => {
  it('given March lists R.1 and R.2 and April only R.1, then April reports R.2 as not in the paper and the ledger keeps it', async () => {
    const { store, reports } = await importInTurn([
      await versionDocument(MARCH, 'plan-march.csv'),
      await versionDocument(APRIL, 'plan-april.csv'),
    ]);
    const april = reports[1];
    expect(april?.status).toBe('imported');
    expect(april?.missing.map((m) => [m.ref, m.portfolio])).toEqual([['R.2', 'Territorial Policing']]);
    expect(april?.missing[0]?.message).toMatch(
      /^item R\.2 is in the Territorial Policing plan in the ledger but not in this paper: it is not deleted/,
    );
    expect(renderReport(april as NonNullable<typeof april>)).toContain(
      'items not in this paper (kept in the ledger) (1):',
    );
    const now = getPlans({ index: await indexOf(store) }, { asOf: '2015-12-31' });
    expect(now.plans.flatMap((p) => p.items.map((i) => i.item.ref)).sort()).toEqual(['R.1', 'R.2']);
    // The first paper of a plan has nothing to miss.
    expect(reports[0]?.missing).toEqual([]);
  });
});

describe('an older paper imported after a newer one', () => {
  it('given April imported, when March is imported, then nothing is appended and the report names both papers’ dates', async () => {
    const { store, reports } = await importInTurn([await versionDocument(APRIL, 'plan-april.csv')]);
    const head = await store.headPosition();
    const log = logIndex(store);
    const { report } = await runImport(store, await versionDocument(MARCH, 'plan-march.csv'), {
      actor: importer(),
      listedItems: log.itemsListedIn,
    });
    expect(reports[0]?.presented?.boardDate).toBe('2015-04-24');
    expect(report.status).toBe('superseded');
    expect(report.events.appended).toBe(0);
    expect(report.presented).toBeNull();
    expect(await store.headPosition()).toBe(head);
    expect(report.older).toMatchObject({ boardDate: '2015-03-11', latestBoardDate: '2015-04-24' });
    expect(report.older?.message).toMatch(
      /^plan-march\.csv is the paper of 11 March 2015, older than the latest one already imported for its plans \(presented to Board not named in the paper on 24 April 2015\): nothing new was appended/,
    );
    expect(renderReport(report)).toContain('OLDER PAPER: plan-march.csv is the paper of 11 March 2015');
  });

  it('given a paper of the same date imported again, then it is not "older" (a re-import is unchanged)', async () => {
    const april = await versionDocument(APRIL, 'plan-april.csv');
    const { reports } = await importInTurn([april, april]);
    expect([reports[1]?.status, reports[1]?.older]).toEqual(['unchanged', null]);
  });
});

describe('seed 004 as next month’s paper with an owner and a due date changed, an item dropped and one added', () => {
  const text = seedText('004');
  /** A row of the first plan (national recommendations: lines before 30); the second restarts at 1. */
  const national = (ref: string) => (line: string, at: number) => line.startsWith(`${ref}\t`) && at < 30;
  /** The real file, edited as next month's spreadsheet would be. */
  const nextMonth = text
    .split('\n')
    .map((line, at) =>
      national('4')(line, at)
        ? line.replace('\tHead of PSD\t31-Aug-15\t', '\tHead of Ethics\t30-Nov-15\t')
        : line,
    )
    .filter((line, at) => !national('5')(line, at))
    .flatMap((line) =>
      line.startsWith('14\t')
        ? [
            line,
            '15\tBy 31 December 2015, all forces should review their vetting appeals.\tHead of Vetting\t31-Dec-15\tUpdate 12 October 2015 - A review has started.\tN/A\t12-Oct-15\tNo\tAMBER',
          ]
        : [line],
    )
    .join('\n');
  const read = async (t: string, name: string) =>
    (await readDocumentBytesTraced(new TextEncoder().encode(t), name, {})).document;

  it('given the July version then the edited file, then each difference is one event or one line of the report', async () => {
    const { store, reports } = await importInTurn([
      await read(earlierVersion(text, '2015-07-01'), SEED_FILES['004']),
      await read(nextMonth, 'plan-next-month.txt'),
    ]);
    const next = reports[1];
    expect([next?.status, next?.failures]).toEqual(['imported', []]);
    // Item 4's new owner and due date, and the new item's owner at its receipt.
    expect(next?.events.byType).toMatchObject({
      OwnerAssigned: 2,
      DueDateChanged: 1,
      RecommendationReceived: 1,
    });
    expect(next?.missing.map((m) => m.ref)).toEqual(['5']);
    const index = await indexOf(store);
    const item = (ref: string) =>
      [...index.items.keys()]
        .map((id) => index.itemAt(id, { asOf: '2099-12-31', knownAt: '2099-12-31T00:00:00.000Z' }))
        .find((i) => i?.ref === ref && i.kind === 'national-recommendation');
    expect(item('4')).toMatchObject({ actionOwner: 'Head of Ethics', dueDate: '2015-11-30' });
    expect(item('15')).toMatchObject({ actionOwner: 'Head of Vetting', rag: 'AMBER' });
    expect(item('5')).toBeTruthy();
    const changes = itemHistory({ index }, item('4')?.itemId ?? '').entries.filter((e) =>
      ['OwnerAssigned', 'DueDateChanged'].includes(e.type),
    );
    expect(changes.map((e) => e.effectiveOn)).toEqual([
      '2015-03-11',
      next?.presented?.boardDate,
      next?.presented?.boardDate,
    ]);
  });
});
