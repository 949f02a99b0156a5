import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardSummaryCommand } from '../../src/cli/commands/board-summary.js';
import { changesCommand } from '../../src/cli/commands/changes.js';
import { planCommand } from '../../src/cli/commands/plan.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { ImportReport } from '../../src/import/record/import-report.js';
import { bearer, type TestLedger, testLedger } from '../api/factories.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { bufferIo } from './buffer-io.js';

/** The 27 April 2011 paper imported through POST /import, then read with `--reported-on`. */
describe('ledger … --reported-on, against a real server holding the 002 paper', () => {
  let ledger: TestLedger;
  let url = '';
  let report: ImportReport;
  beforeAll(async () => {
    ledger = await testLedger();
    const content = readFileSync(path.join(SEEDS_DIR, SEED_FILES['002']), 'utf8');
    const res = await ledger.app.inject({
      method: 'POST',
      url: '/import',
      headers: bearer(ledger.tokens.admin),
      payload: { fileName: '002.txt', content },
    });
    expect(res.statusCode).toBe(201);
    report = ImportReport.parse(res.json());
    await ledger.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(ledger.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => ledger.close());

  const run = async (command: typeof planCommand, args: string[]) => {
    const io = bufferIo();
    const code = await command.run([...args, '--url', url, '--key', ledger.tokens.viewer], io);
    return { code, out: io.out() };
  };

  it('then the server recorded the paper as presented, with a digest of the document as imported', () => {
    expect(report.presented?.boardDateFrom).toBe('paper');
    expect(report.presented?.snapshotDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('board-summary --reported-on 2011-04-27 prints the paper’s Territorial Policing figures and names the report', async () => {
    const { code, out } = await run(boardSummaryCommand, ['--reported-on', '2011-04-27']);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('What the board saw: the report to BTPA Performance Review Group on 2011-04-27');
    const tp = out.split('\n').find((l) => l.startsWith('Territorial Policing'));
    expect(tp?.split(/\s{2,}|\s*\|\s*/).filter((c) => /^\d+$/.test(c.trim()))).toEqual([
      '3',
      '0',
      '1',
      '2',
      '0',
      '16',
      '0',
      '7',
      '9',
      '0',
    ]);
  });

  it('plan and changes take --reported-on too; a date before any report is "not found" naming the first', async () => {
    const planId = (await run(boardSummaryCommand, ['--reported-on', '2011-04-27', '--json'])).out;
    const tpPlan = (
      JSON.parse(planId) as { portfolios: { planId: string; portfolio: string }[] }
    ).portfolios.find((p) => p.portfolio === 'Territorial Policing')?.planId;
    const plan = await run(planCommand, [tpPlan ?? '', '--reported-on', '2011-05-01']);
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.out).toContain('What the board saw');
    expect(plan.out).toContain('AFI.10');
    const changes = await run(changesCommand, ['--reported-on', '2011-04-27']);
    expect(changes.code).toBe(EXIT.ok);
    await expect(run(boardSummaryCommand, ['--reported-on', '2011-01-01'])).rejects.toThrow(
      /no board report was presented on or before 2011-01-01.*2011-04-27/,
    );
  });
});
