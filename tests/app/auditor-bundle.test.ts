import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundleCommand, verifyBundleCommand } from '../../src/cli/commands/bundle.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { sha256Hex } from '../../src/lib/hash.js';
import { post, seed, type TestLedger, testLedger } from '../api/factories.js';
import { bufferIo } from '../cli/buffer-io.js';

/** Runs the bundle's own verifier with plain node (no tsx, no packages), from inside the bundle. */
function plainNode(dir: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['verify-bundle.mjs'],
      { cwd: dir, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout) =>
        done({ code: error && typeof error.code === 'number' ? error.code : 0, out: stdout }),
    );
  });
}

/** Rewrites one bundle file and its manifest entry, so only the content checks can object. */
function rewrite(dir: string, name: string, change: (text: string) => string): void {
  const text = change(readFileSync(join(dir, name), 'utf8'));
  writeFileSync(join(dir, name), text);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest[name] = sha256Hex(text);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

describe('auditor bundle: exported from the ledger file, verified offline with plain node', () => {
  let ledger: TestLedger;
  let reportId: string;
  const exportTo = async (out: string, extra: string[] = ['--reported-on', '2011-05-20']) => {
    const io = bufferIo();
    const code = await exportBundleCommand.run(
      ['--db', join(ledger.dir, 'ledger.sqlite'), '--out', out, '--quiet', ...extra],
      io,
    );
    return { code, out: io.out() };
  };

  beforeAll(async () => {
    ledger = await testLedger();
    const ids = await seed(ledger);
    const board = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Police Authority',
      boardDate: '2011-05-20',
      planIds: [ids.tpPlanId, ids.psPlanId],
    });
    reportId = board.json().id;
    // Recorded after the report: not in a bundle "reported on" that board
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
      text: 'after the board',
      effectiveOn: '2011-05-21',
    });
  });
  afterAll(() => ledger.close());

  it('given a board report, the bundle holds the events up to it and every check passes with plain node', async () => {
    const dir = join(ledger.dir, 'bundle-ok');
    const exported = await exportTo(dir);
    expect(exported.code).toBe(EXIT.ok);
    const events = readFileSync(join(dir, 'events.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.at(-1)).toMatchObject({ type: 'BoardReportPresented', streamId: `board-${reportId}` });
    expect(events.length).toBe(await ledger.store.headPosition());
    const { code, out } = await plainNode(dir);
    expect(out).not.toContain('FAIL');
    expect(out).toContain('snapshot: what the board was shown');
    expect(code).toBe(0);
    const io = bufferIo();
    expect(await verifyBundleCommand.run([dir], io)).toBe(EXIT.ok);
    expect(io.out()).toContain('Bundle verified');
  });

  it('when an event in the bundle is edited (manifest updated to match), the event check names it', async () => {
    const dir = join(ledger.dir, 'bundle-event');
    await exportTo(dir);
    // Key records come first in a ledger started with keys, so find where the inspection sits.
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').split('\n');
    const edited = lines.findIndex((line) => line.includes('BTP Inspection 2010'));
    expect(edited).toBeGreaterThanOrEqual(0);
    rewrite(dir, 'events.ndjson', (text) => text.replace('BTP Inspection 2010', 'Another inspection'));
    const { code, out } = await plainNode(dir);
    expect(code).toBe(1);
    expect(out).toMatch(
      new RegExp(`FAIL events: .*position ${edited}\\): its hash does not match its content`),
    );
  });

  it('when the snapshot is edited, or a file changes behind the manifest, the verifier says so', async () => {
    const dir = join(ledger.dir, 'bundle-snapshot');
    await exportTo(dir);
    rewrite(dir, 'snapshot.json', (text) => text.replace('"AFI.1"', '"AFI.9"'));
    expect((await plainNode(dir)).out).toMatch(/FAIL snapshot: what the board was shown/);
    writeFileSync(
      join(dir, 'digest.json'),
      readFileSync(join(dir, 'digest.json'), 'utf8').replace('"treeSize": ', '"treeSize": 1'),
    );
    const { code, out } = await plainNode(dir);
    expect(out).toMatch(/FAIL manifest: digest\.json/);
    expect(code).toBe(1);
  });

  it('given --as-of, the bundle holds the events recorded by the end of that day', async () => {
    const dir = join(ledger.dir, 'bundle-as-of');
    expect((await exportTo(dir, ['--as-of', '2011-05-01'])).code).toBe(EXIT.ok);
    const { code } = await plainNode(dir);
    expect(code).toBe(0);
  });
});
