import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { importCommand } from '../../src/cli/commands/import.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runCli } from '../../src/cli/main.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { parseCsv } from '../exports/parse-csv.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

/**
 * The CLI as someone holding the board papers uses it: refs, portfolio names and inspection
 * titles instead of ids, against a real server on loopback over the 002 and 004 papers imported.
 */

const REPORT_CARD = 'HMIC Police Report Card Inspection: 4-8 October 2010';

describe('the CLI by reference', () => {
  let dir: { dir: string; remove: () => Promise<void> };
  let store: SqliteEventStore;
  let keys: KeyStore;
  let app: FastifyInstance;
  let server: string[];

  const cli = async (...args: string[]) => {
    const io = bufferIo();
    const code = await runCli([...args, ...server], io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(async () => {
    dir = await tempDir('plan-ledger-cli-ref-');
    const db = path.join(dir.dir, 'ledger.sqlite');
    for (const seed of ['002', '004'] as const) {
      const io = bufferIo();
      const code = await importCommand.run(
        [path.join(SEEDS_DIR, SEED_FILES[seed]), '--db', db, '--quiet'],
        io,
      );
      expect(code, io.err()).toBe(EXIT.ok);
    }
    store = openSqliteStore({ path: db });
    keys = await KeyStore.open(store);
    const key = (await keys.create({ name: 'cli test viewer', role: 'viewer' }, 'test')).token;
    app = await buildApp({ store, storeName: 'sqlite:cli-test', keys, rateLimitPerMinute: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    server = ['--url', `http://127.0.0.1:${port}`, '--key', key];
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await dir?.remove();
  });

  it('given the ref AFI.10 in lower case, when its history is asked for, then it heads with ref, portfolio and inspection and names both portfolios of the transfer', async () => {
    const run = await cli('history', 'afi.10');
    expect(run.code, run.err).toBe(EXIT.ok);
    const [heading, idLine] = run.out.split('\n');
    expect(heading).toBe(`AFI.10 · Territorial Policing · ${REPORT_CARD}`);
    expect(idLine).toMatch(/^item [0-9A-Z]{26}, as known at /);
    expect(run.out).toContain('from Protective Services to Territorial Policing');
    // Long text is wrapped onto further lines, never cut with an ellipsis.
    expect(run.out).not.toContain('…');
    expect(run.out).toContain('intelligence interview');
    expect(run.out.split('\n').every((line) => line.length < 260)).toBe(true);
  });

  it('given an imported item, then every history entry names the operator and the file, and the line it came from', async () => {
    const run = await cli('history', 'AFI.10', '--inspection', 'hmic police report card');
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out).toMatch(/\S+ importing\s+002_b51d5797fa80d023\.txt/);
    expect(run.out).not.toMatch(/\bcli:/);
    expect(run.out).toMatch(/from 002_b51d5797fa80d023\.txt,\s+line \d+/);
  });

  it('given the inspection named by the start of its title and the item by a prefix of its id, then both reach the same item', async () => {
    const byRef = await cli('history', 'AFI.10', '--inspection', 'hmic police report card', '--json');
    expect(byRef.code, byRef.err).toBe(EXIT.ok);
    const itemId: string = JSON.parse(byRef.out).itemId;
    const byPrefix = await cli('history', itemId.slice(0, 12).toLowerCase(), '--json');
    expect(byPrefix.code, byPrefix.err).toBe(EXIT.ok);
    expect(JSON.parse(byPrefix.out).itemId).toBe(itemId);
  });

  it('given a portfolio name in any case, when the plan is asked for, then its table shows ids, words for RAG and the inspection', async () => {
    const run = await cli('plan', 'territorial policing');
    expect(run.code, run.err).toBe(EXIT.ok);
    expect(run.out.split('\n')[0]).toBe(`Territorial Policing · ${REPORT_CARD}`);
    expect(run.out).toMatch(/ref\s+item id\s+kind\s+RAG\s+status/);
    expect(run.out).toMatch(/AFI\.10\s+[0-9A-Z]{26}\s+area-for-improvement\s+Amber/);
    const list = await cli('plan');
    expect(list.out).toMatch(/plan id\s+portfolio\s+inspection/);
  });

  it('given the start of a portfolio name that several plans share, then the choice is listed with ids, and --inspection settles it', async () => {
    const ambiguous = await cli('plan', 'deputy chief');
    expect(ambiguous.code).toBe(EXIT.usage);
    expect(ambiguous.err).toMatch(/matches 3 plans/);
    expect(ambiguous.err).toContain(REPORT_CARD);
    expect(ambiguous.err).toContain('--inspection');
    const settled = await cli('plan', 'Deputy Chief', '--inspection', 'HMIC Police');
    expect(settled.code, settled.err).toBe(EXIT.ok);
    expect(settled.out.split('\n')[0]).toBe(`Deputy Chief Constable · ${REPORT_CARD}`);
  });

  it.each([
    ['--as-of', '27/04/2011', '--as-of 27/04/2011 is not a date: write it as YYYY-MM-DD, e.g. 2011-04-27.'],
    [
      '--as-of',
      '2011-02-30',
      '--as-of 2011-02-30 is not a real calendar date: write YYYY-MM-DD, e.g. 2011-04-27.',
    ],
    [
      '--known-at',
      'yesterday',
      '--known-at yesterday is not a date or time: write YYYY-MM-DD (meaning the end of that day, UTC) or a UTC instant such as 2011-04-27T17:00:00.000Z.',
    ],
  ])(
    'given %s %s, then the error names the option and the format, and exits 2',
    async (option, value, message) => {
      const run = await cli('plan', 'Territorial Policing', option, value);
      expect(run.code).toBe(EXIT.usage);
      expect(run.err).toBe(`ledger plan: ${message}\n`);
    },
  );

  it('given a bad date sent straight to the API, then the problem names the parameter and the format', async () => {
    const url = server[1];
    const key = server[3];
    const response = await fetch(`${url}/plans?asOf=27/04/2011&knownAt=yesterday`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['query.asOf', 'query.knownAt']);
    for (const e of problem.errors) expect(e.message).toContain('YYYY-MM-DD');
  });

  it('when a plan and the board summary are exported, then the files open and say what they show', async () => {
    const csvFile = path.join(dir.dir, 'tp.csv');
    const csv = await cli(
      'export',
      'plan',
      'Territorial Policing',
      '--format',
      'csv',
      '--out',
      csvFile,
      '--as-of',
      '2011-04-27',
    );
    expect(csv.code, csv.err).toBe(EXIT.ok);
    expect(csv.err).toMatch(
      /^Wrote .*tp\.csv \(\d+ bytes\): as of 2011-04-27, known at .*; ledger digest \d+:[0-9a-f]{64}\.\n$/,
    );
    const { readFile } = await import('node:fs/promises');
    const rows = parseCsv(await readFile(csvFile, 'utf8'));
    expect(rows[1]?.slice(0, 2)).toEqual(['As of (business date)', '2011-04-27']);
    expect(rows.some((r) => r[1]?.startsWith('AFI.10'))).toBe(true);

    const xlsxFile = path.join(dir.dir, 'summary.xlsx');
    const xlsx = await cli(
      'export',
      'board-summary',
      '--inspection',
      'HMIC Police',
      '--format',
      'xlsx',
      '--out',
      xlsxFile,
    );
    expect(xlsx.code, xlsx.err).toBe(EXIT.ok);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    const portfolios = new Set<string>();
    wb.getWorksheet('Summary')?.eachRow((row, n) => {
      if (n > 2) portfolios.add(String(row.getCell(1).value));
    });
    expect(portfolios.has('Territorial Policing')).toBe(true);
    expect(portfolios.size).toBe(7); // six portfolios of the 002 paper, then "All portfolios"

    const wrong = await cli('export', 'plan', 'Territorial Policing', '--format', 'docx', '--out', xlsxFile);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.err).toContain('--format docx: use one of csv, xlsx, json, html, pdf');
  });
});
