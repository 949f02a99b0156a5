import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportReport } from '../../src/import/record/import-report.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { INSPECTION, type VersionRow, versionCsv } from '../import/plan-versions.js';
import { bearer, planEvents, type TestLedger, testLedger } from './factories.js';

const seed002 = () => readFileSync(path.join(SEEDS_DIR, SEED_FILES['002']), 'utf8');

let ledger: TestLedger | null = null;
afterEach(async () => {
  await ledger?.close();
  ledger = null;
});

const postImport = (l: TestLedger, token: string, payload: Record<string, unknown>) =>
  l.app.inject({ method: 'POST', url: '/import', headers: bearer(token), payload });

describe('POST /import', () => {
  it('given an admin key and seed 002, then 201 with the report, events by the key, and a re-post is a 200 no-op', async () => {
    ledger = await testLedger();
    const first = await postImport(ledger, ledger.tokens.admin, { fileName: '002.txt', content: seed002() });
    expect(first.statusCode).toBe(201);
    const report = ImportReport.parse(first.json());
    expect([report.status, report.events.appended, report.source]).toEqual(['imported', 144, '002.txt']);
    const events = await planEvents(ledger.store);
    const keyId = ledger.keys.list().find((k) => k.role === 'admin')?.keyId;
    expect(new Set(events.map((e) => `${e.actor.id}/${e.actor.method}`))).toEqual(
      new Set([`${keyId}/import`]),
    );
    const again = await postImport(ledger, ledger.tokens.admin, {
      fileName: 'renamed.txt',
      content: seed002(),
    });
    expect([again.statusCode, ImportReport.parse(again.json()).status]).toEqual([200, 'unchanged']);
    expect(await planEvents(ledger.store)).toHaveLength(144);
  });

  it('given dryRun, then 200 with the planned events and nothing appended', async () => {
    ledger = await testLedger();
    const response = await postImport(ledger, ledger.tokens.admin, {
      fileName: '002.txt',
      content: seed002(),
      dryRun: true,
    });
    expect(response.statusCode).toBe(200);
    const report = ImportReport.parse(response.json());
    expect([report.status, report.events.planned, report.events.appended]).toEqual(['dry-run', 144, 0]);
    expect(await planEvents(ledger.store)).toHaveLength(0);
  });

  it('given an XLSX as base64, then it is read as a workbook', async () => {
    ledger = await testLedger();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Territorial Policing');
    sheet.addRow(['Ref', 'Recommendation', 'Due Date', 'RAG Status', 'Date of Update']);
    sheet.addRow(['R.1', 'Do better.', '31-Mar-15', 'Red', '08-Jan-15']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await postImport(ledger, ledger.tokens.admin, {
      fileName: 'plan.xlsx',
      contentBase64: bytes.toString('base64'),
      inspection: 'HMIC Test 2015',
    });
    expect(response.statusCode).toBe(201);
    expect(ImportReport.parse(response.json()).events.byType).toMatchObject({
      RecommendationReceived: 1,
      RagChanged: 1,
    });
  });

  it.each(['viewer', 'contributor', 'manager'] as const)(
    'given a %s key, then 403 and nothing appended',
    async (role) => {
      ledger = await testLedger();
      const response = await postImport(ledger, ledger.tokens[role], {
        fileName: '002.txt',
        content: seed002(),
      });
      expect(response.statusCode).toBe(403);
      expect(await planEvents(ledger.store)).toHaveLength(0);
    },
  );

  it('given no key, then 401', async () => {
    ledger = await testLedger();
    const response = await ledger.app.inject({
      method: 'POST',
      url: '/import',
      payload: { fileName: 'a.txt', content: 'x' },
    });
    expect(response.statusCode).toBe(401);
  });

  it.each([
    ['both contents', { fileName: 'a.csv', content: 'x', contentBase64: 'eA==' }],
    ['no content', { fileName: 'a.csv' }],
    ['an unknown key', { fileName: 'a.csv', content: 'x', actor: 'someone else' }],
  ])('given %s, then 400 and nothing appended', async (_what, payload) => {
    ledger = await testLedger();
    const response = await postImport(ledger, ledger.tokens.admin, payload);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('POST /import of next month’s paper', () => {
  it('given March then April without R.2, then the answer reports R.2 missing (kept); an older paper is a 200 "superseded" that appends nothing', async () => {
    ledger = await testLedger();
    const post = (fileName: string, rows: VersionRow[]) =>
      postImport(ledger as TestLedger, (ledger as TestLedger).tokens.admin, {
        fileName,
        content: versionCsv(rows),
        inspection: INSPECTION,
      });
    const march: VersionRow[] = [
      { ref: 'R.1', latest: '2 March 2015 - Started.', date: '02-Mar-15', rag: 'AMBER' },
      { ref: 'R.2', date: '11-Mar-15', rag: 'GREEN' },
    ];
    expect((await post('march.csv', march)).statusCode).toBe(201);
    const april = await post('april.csv', [{ ref: 'R.1', date: '24-Apr-15', rag: 'GREEN' }]);
    expect(april.statusCode).toBe(201);
    const report = ImportReport.parse(april.json());
    expect(report.missing.map((m) => m.ref)).toEqual(['R.2']);
    const head = (await planEvents(ledger.store)).length;
    const february = await post('february.csv', [{ ref: 'R.1', date: '20-Feb-15', rag: 'RED' }]);
    const older = ImportReport.parse(february.json());
    expect([february.statusCode, older.status, older.older?.latestBoardDate]).toEqual([
      200,
      'superseded',
      '2015-04-24',
    ]);
    expect(older.older?.message).toContain('20 February 2015');
    expect(await planEvents(ledger.store)).toHaveLength(head);
  });
});
