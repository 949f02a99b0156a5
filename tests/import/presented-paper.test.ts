import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyBoardReport } from '../../projections/board-snapshot.js';
import type { SummaryCounts } from '../../projections/board-summary-schema.js';
import { digestFromLog } from '../../projections/runtime/presented-snapshot.js';
import { boardSummary } from '../../projections/runtime/queries.js';
import { NotFoundError } from '../../src/errors.js';
import { readPaperSummaryTables } from '../../src/import/read/paper.js';
import { readDocument } from '../../src/import/read/read-document.js';
import type { ImportReport } from '../../src/import/record/import-report.js';
import { UNNAMED_BOARD } from '../../src/import/record/presented-paper.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, seedText } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

const five = (c: SummaryCounts) => ({
  total: c.total,
  completed: c.completed,
  green: c.green,
  amber: c.amber,
  red: c.red,
});

describe('seed 002 imported is a report presented to its board', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let report: ImportReport;
  let source: { index: Awaited<ReturnType<typeof indexOf>> };
  beforeAll(async () => {
    ledger = await tempLedger();
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['002']));
    ({ report } = await runImport(ledger.store, document, {
      actor: importer(),
      snapshotDigest: digestFromLog(ledger.store),
    }));
    source = { index: await indexOf(ledger.store) };
  });
  afterAll(async () => ledger.close());

  it('then the report names the board and date the paper states, and shows its rows dated after it', () => {
    expect(report.status).toBe('imported');
    expect(report.presented).toMatchObject({
      boardName: 'BTPA Performance Review Group',
      boardFrom: 'paper',
      boardDate: '2011-04-27',
      boardDateFrom: 'paper',
      asOf: '2011-05-03',
    });
    expect(report.presented?.snapshotDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.presented?.knownAt).toMatch(/Z$/);
  });

  it('when asked what the board saw on 27 April 2011, then the paper’s own tables come out, 3 May rows included', () => {
    const summary = boardSummary(source, { reportedOn: '2011-04-27' });
    expect(summary.report).toMatchObject({
      boardName: 'BTPA Performance Review Group',
      boardDate: '2011-04-27',
    });
    const tp = summary.portfolios.find((p) => p.portfolio === 'Territorial Policing');
    expect(tp && five(tp.recommendations)).toEqual({ total: 3, completed: 0, green: 1, amber: 2, red: 0 });
    expect(tp && five(tp.areasForImprovement)).toEqual({
      total: 16,
      completed: 0,
      green: 7,
      amber: 9,
      red: 0,
    });
    for (const [portfolio, table] of readPaperSummaryTables(seedText('002'))) {
      const ours = summary.portfolios.find((p) => p.portfolio === portfolio);
      expect(ours && { r: five(ours.recommendations), a: five(ours.areasForImprovement) }, portfolio).toEqual(
        {
          r: table.recommendations,
          a: table.areasForImprovement,
        },
      );
    }
  });

  it('then as known now on 27 April still answers from the business dates (the 3 May rows not yet rated)', () => {
    const known = boardSummary(source, { asOf: '2011-04-27' });
    const tp = known.portfolios.find((p) => p.portfolio === 'Territorial Policing');
    expect(tp?.areasForImprovement.total).toBe(10);
  });

  it('then its recorded digest verifies against the ledger', () => {
    const boardId = report.presented?.boardId ?? '';
    const check = verifyBoardReport(source.index, boardId, 0, new Date().toISOString());
    expect(check.storedDigest).toBe(report.presented?.snapshotDigest);
    expect(check.matches).toBe(true);
  });

  it('given a date before the paper, then there is no report and the error names the first one', () => {
    expect(() => boardSummary(source, { reportedOn: '2011-04-26' })).toThrow(NotFoundError);
    expect(() => boardSummary(source, { reportedOn: '2011-04-26' })).toThrow(
      /BTPA Performance Review Group on 2011-04-27/,
    );
  });

  it('when imported again, then nothing is appended and no second report is recorded', async () => {
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['002']));
    const again = await runImport(ledger.store, document, { actor: importer() });
    expect(again.report.status).toBe('unchanged');
    expect(again.report.presented).toBeNull();
  });
});

describe('a plan export that states no board or date (seed 004)', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  beforeEach(async () => {
    ledger = await tempLedger();
  });
  afterEach(async () => ledger.close());

  it('given no options, then it is presented on the latest date it holds to an unnamed board, and the report says so', async () => {
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['004']));
    const { report } = await runImport(ledger.store, document, { actor: importer() });
    expect(report.presented).toMatchObject({
      boardName: UNNAMED_BOARD,
      boardFrom: 'default',
      boardDateFrom: 'latest-date',
    });
    expect(report.notes.map((n) => n.reason).join('\n')).toMatch(
      /does not say when it was presented.*--board-date/,
    );
    expect(report.presented?.snapshotDigest).toBeNull();
  });

  it('given --board and --board-date, then they name the report', async () => {
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['004']));
    const { report } = await runImport(ledger.store, document, {
      actor: importer(),
      board: 'Professional Standards Board',
      boardDate: '2015-11-20',
      snapshotDigest: digestFromLog(ledger.store),
    });
    expect(report.presented).toMatchObject({
      boardName: 'Professional Standards Board',
      boardFrom: 'option',
      boardDate: '2015-11-20',
      boardDateFrom: 'option',
      asOf: '2015-11-20',
    });
    const index = await indexOf(ledger.store);
    const summary = boardSummary({ index }, { reportedOn: '2015-11-30' });
    expect(summary.report?.boardName).toBe('Professional Standards Board');
    expect(summary.overall.recommendations.total + summary.overall.areasForImprovement.total).toBeGreaterThan(
      0,
    );
  });
});
