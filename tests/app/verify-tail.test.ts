import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTail } from '../../src/app/verify-tail.js';
import { tempDir } from '../store/factories.js';
import { type TamperLedger, tamperLedger } from './tamper.js';

const SERVER = resolve(import.meta.dirname, '../../src/server.ts');

/** Starts the real server on a ledger file and resolves with how it ended (it should refuse). */
function startServer(db: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
      env: { ...process.env, LEDGER_DB: db, PORT: '0', LEDGER_SAMPLE_DATA: 'off', LOG_LEVEL: 'warn' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

describe('start-up tail check', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let ledger: TamperLedger;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-tail-');
    ledger = await tamperLedger(dir.dir);
  });
  afterEach(async () => {
    await ledger.store.close();
    await dir.remove();
  });

  it('given an untouched ledger, the tail verifies (its first events judged against what precedes the window)', async () => {
    expect(await verifyTail(ledger.store, { count: 5 })).toMatchObject({
      ok: true,
      checked: 5,
      findings: [],
    });
  });

  it('when an event in the tail was edited, the check names it; an edit before the window is left to ledger verify', async () => {
    const events = await ledger.log();
    const last = events.at(-2)!;
    ledger.sql(
      'UPDATE events SET data = ? WHERE position = ?',
      JSON.stringify({ note: 'edited' }),
      last.position,
    );
    const tail = await verifyTail(ledger.store, { count: 5 });
    expect(tail.findings[0]).toMatchObject({ eventId: last.eventId, position: last.position });
    ledger.sql('UPDATE events SET data = ? WHERE position = ?', JSON.stringify({ note: 'x' }), 0);
    expect((await verifyTail(ledger.store, { count: 1 })).ok).toBe(true);
  });

  it('when the first event of the window no longer chains to its stream’s previous event, the check names it', async () => {
    const events = await ledger.log();
    const first = events.at(-3)!;
    await ledger.rewriteAndRehash(first.position, { prevHash: 'ab'.repeat(32) });
    const tail = await verifyTail(ledger.store, { count: 3 });
    expect(tail.findings[0]).toMatchObject({ eventId: first.eventId, columns: ['prev_hash'] });
  });

  it('when the server is started on a file whose last event text was edited, it refuses to serve, naming the event', async () => {
    const events = await ledger.log();
    const last = events.at(-1)!;
    ledger.sql(
      'UPDATE events SET data = ? WHERE position = ?',
      JSON.stringify({ note: 'edited text' }),
      last.position,
    );
    await ledger.store.close();
    const { code, stderr } = await startServer(ledger.path);
    expect(code).toBe(1);
    expect(stderr).toContain('Refusing to serve');
    expect(stderr).toContain(last.eventId);
    ledger.store = (await import('../../src/store/sqlite-store.js')).openSqliteStore({ path: ledger.path });
  }, 70_000);
});
