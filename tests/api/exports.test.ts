import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDigest } from '../../src/app/ledger-proofs.js';
import { parseCsv } from '../exports/parse-csv.js';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/**
 * Exports through the real app (SQLite file, app.inject): every format is opened the way a
 * reader would open it and compared with the JSON answers of the same time point.
 */

const BOARD_DATE = '2011-05-01';
const INJECTION = '=HYPERLINK("http://evil.example","click")';

type Counts = Record<string, number>;
interface SummaryJson {
  asOf: string;
  knownAt: string;
  portfolios: { planId: string; portfolio: string; recommendations: Counts; areasForImprovement: Counts }[];
  overall: { recommendations: Counts; areasForImprovement: Counts };
}

describe('GET /exports/{kind}', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  const get = (url: string, token = ledger.tokens.viewer) =>
    ledger.app.inject({ url, headers: bearer(token) });

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    const m = ledger.tokens.manager;
    const ok = async (p: ReturnType<typeof post>) => expect((await p).statusCode).toBe(201);
    await ok(post(ledger.app, m, `/items/${ids.tpItemId}/rag`, { to: 'RED', effectiveOn: '2011-01-10' }));
    await ok(post(ledger.app, m, `/items/${ids.psItemId}/rag`, { to: 'GREEN', effectiveOn: '2011-01-10' }));
    await ok(
      post(ledger.app, m, `/items/${ids.tpItemId}/updates`, { text: INJECTION, effectiveOn: '2011-04-20' }),
    );
    await ok(
      post(ledger.app, m, '/boards', {
        boardName: 'Performance Review Group',
        boardDate: BOARD_DATE,
        planIds: [ids.tpPlanId, ids.psPlanId],
      }),
    );
  });
  afterAll(() => ledger.close());

  it('given the board date as the board saw it, when the board summary is exported as CSV, then it parses, states its time point, report and digest, and has the JSON numbers', async () => {
    const time = `reportedOn=${BOARD_DATE}`;
    const response = await get(`/exports/board-summary?format=csv&${time}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="plan-ledger-board-summary-as-of-${BOARD_DATE}.csv"`,
    );
    const rows = parseCsv(response.body);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    const about = new Map(rows.slice(0, 8).map((r) => [r[0], r[1]]));
    const digest = await computeDigest(ledger.store);
    expect(about.get('As of (business date)')).toBe(BOARD_DATE);
    const summary = json(await get(`/board-summary?${time}&by=portfolio`)) as unknown as SummaryJson & {
      report: { knownAt: string };
    };
    expect(about.get('Known at (recorded by, UTC)')).toBe(summary.report.knownAt);
    expect(about.get('Reproduces board report')).toBe(`Performance Review Group, ${BOARD_DATE} (revision 0)`);
    expect(about.get('Ledger digest (RFC 6962 root)')).toBe(digest.rootHash);
    expect(about.get('Ledger digest tree size (events)')).toBe(String(digest.treeSize));
    expect(response.headers['x-ledger-digest']).toBe(`${digest.treeSize}:${digest.rootHash}`);

    const header = rows.findIndex((r) => r[0] === 'Portfolio');
    const body = rows.slice(header + 1).filter((r) => r[0] !== '');
    const csvNumbers = body.map((r) => [r[0], r[1], ...r.slice(2, 7).map(Number)]);
    const expected = summary.portfolios.flatMap((p) =>
      (['recommendations', 'areasForImprovement'] as const).map((row) => [
        p.portfolio,
        row === 'recommendations' ? 'Recommendations' : 'Areas for improvement',
        ...['total', 'completed', 'green', 'amber', 'red'].map((c) => p[row][c]),
      ]),
    );
    expect(csvNumbers.slice(0, expected.length)).toEqual(expected);
    expect(csvNumbers.some((r) => r.slice(2).some((n) => typeof n === 'number' && n > 0))).toBe(true);
  });

  it('given an update that starts with "=", when the snapshot is exported as CSV, then the cell is escaped and the RAG is spelled out', async () => {
    const response = await get('/exports/snapshot?format=csv');
    const rows = parseCsv(response.body);
    const header = rows.find((r) => r[1] === 'Ref');
    expect(header).toBeDefined();
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const afi1 = rows.find((r) => r[col('Ref')] === 'AFI.1');
    expect(afi1?.[col('Latest update')]).toBe(`'${INJECTION}`);
    expect(afi1?.[col('RAG')]).toBe('Red');
    expect(afi1?.[col('Due date')]).toBe('2011-06-30');
    expect(rows.some((r) => r.some((cell) => cell.startsWith('=')))).toBe(false);
  });

  it('when the snapshot is exported as XLSX, then it has a summary sheet with the JSON numbers, a sheet per plan with frozen headers, real dates and coloured RAG words', async () => {
    const response = await get(`/exports/snapshot?format=xlsx&asOf=${BOARD_DATE}&knownAt=${BOARD_DATE}`);
    expect(response.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Summary',
      'Protective Services',
      'Territorial Policing',
      'About this export',
    ]);
    const summary = json(
      await get(`/board-summary?asOf=${BOARD_DATE}&knownAt=${BOARD_DATE}&by=portfolio`),
    ) as unknown as SummaryJson;
    const sheet = wb.getWorksheet('Summary');
    const read: Record<string, unknown>[] = [];
    sheet?.eachRow((row, n) => {
      if (n <= 2) return;
      const v = (c: number) => row.getCell(c).value;
      read.push({
        portfolio: v(1),
        row: v(2),
        total: v(3),
        completed: v(4),
        green: v(5),
        amber: v(6),
        red: v(7),
      });
    });
    const fromJson = [
      ...summary.portfolios.map((p) => ({ name: p.portfolio, g: p as SummaryJson['overall'] })),
      { name: 'All portfolios', g: summary.overall },
    ].flatMap(({ name, g }) =>
      (['recommendations', 'areasForImprovement'] as const).map((row) => ({
        portfolio: name,
        row: row === 'recommendations' ? 'Recommendations' : 'Areas for improvement',
        total: g[row].total,
        completed: g[row].completed,
        green: g[row].green,
        amber: g[row].amber,
        red: g[row].red,
      })),
    );
    expect(read).toEqual(fromJson);

    const tp = wb.getWorksheet('Territorial Policing');
    if (!tp) throw new Error('no Territorial Policing sheet');
    expect(tp.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(String(tp.getCell('A1').value)).toContain(`As of ${BOARD_DATE}`);
    const headers = (tp.getRow(2).values as unknown[]).slice(1);
    const at = (name: string) => headers.indexOf(name) + 1;
    const row = tp.getRow(3);
    expect(row?.getCell(at('Ref')).value).toBe('AFI.1');
    expect(row?.getCell(at('Due date')).value).toEqual(new Date(Date.UTC(2011, 5, 30)));
    const rag = row?.getCell(at('RAG'));
    expect(rag?.value).toBe('Red');
    expect(rag?.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFB71C1C' } });
    expect(row?.getCell(at('Latest update')).value).toBe(INJECTION);
    expect(row?.getCell(at('Latest update')).formula).toBeUndefined();

    const about = wb.getWorksheet('About this export');
    const digest = await computeDigest(ledger.store);
    expect(about?.getCell('B5').value).toBe(digest.rootHash);
  });

  it('when a plan is exported as JSON, then it names the plan, its time point and the board report, and holds the plan answer', async () => {
    const response = await get(`/exports/plan?format=json&planId=${ids.tpPlanId}&reportedOn=${BOARD_DATE}`);
    expect(response.statusCode).toBe(200);
    const body = json(response) as {
      export: Record<string, unknown>;
      plans: { planId: string; items: unknown[] }[];
      summary: SummaryJson;
    };
    expect(body.export).toMatchObject({
      kind: 'plan',
      title: 'Plan: Territorial Policing',
      asOf: BOARD_DATE,
      report: { boardName: 'Performance Review Group', boardDate: BOARD_DATE },
    });
    const plan = json(await get(`/plans/${ids.tpPlanId}?reportedOn=${BOARD_DATE}`));
    expect(body.plans[0]?.items).toEqual(plan.items);
    expect(body.summary.portfolios.map((p) => p.planId)).toEqual([ids.tpPlanId]);
  });

  it('when the board pack is exported as HTML, then it is a self-contained page with the stamp, escaped text and its own strict CSP', async () => {
    const response = await get(`/exports/board-pack?format=html&reportedOn=${BOARD_DATE}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.body).toContain(`<h1>Board pack: Performance Review Group, 1 May 2011</h1>`);
    expect(response.body).toContain((await computeDigest(ledger.store)).rootHash);
    expect(response.body).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)');
    expect(response.body).not.toMatch(/<script/i);
    expect(response.body).toMatch(/<span class="rag rag-RED">Red<\/span>/);
  });

  it('given a wrong request, when exported, then 400 names the field and says what to send', async () => {
    const noPlan = json(await get('/exports/plan?format=csv'));
    expect(noPlan.errors).toEqual([expect.objectContaining({ path: 'query.planId' })]);
    const htmlPlan = json(await get(`/exports/plan?format=html&planId=${ids.tpPlanId}`));
    expect(htmlPlan.errors).toEqual([expect.objectContaining({ path: 'query.format' })]);
    const badFormat = await get('/exports/board-pack?format=docx');
    expect(badFormat.statusCode).toBe(400);
    expect(JSON.stringify(json(badFormat).errors)).toContain('query.format');
    expect((await get('/exports/everything?format=csv')).statusCode).toBe(400);
  });

  it('given no Chromium on the server, when the board pack is asked for as PDF, then 501 says what to install and what to use meanwhile', async () => {
    const before = process.env.LEDGER_CHROMIUM;
    process.env.LEDGER_CHROMIUM = '/nonexistent/chromium';
    try {
      const response = await get('/exports/board-pack?format=pdf');
      expect(response.statusCode).toBe(501);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      const problem = json(response);
      expect(problem.code).toBe('FeatureUnavailable');
      expect(problem.detail).toMatch(/apt-get install chromium/);
      expect(problem.detail).toMatch(/format=html/);
    } finally {
      if (before === undefined) delete process.env.LEDGER_CHROMIUM;
      else process.env.LEDGER_CHROMIUM = before;
    }
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))(
    'given Chromium, when the board pack is asked for as PDF, then a PDF comes back',
    async () => {
      const response = await get(`/exports/board-pack?format=pdf&asOf=${BOARD_DATE}&knownAt=${BOARD_DATE}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(response.rawPayload.length).toBeGreaterThan(5_000);
    },
    60_000,
  );
});
