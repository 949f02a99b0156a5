import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../store/factories.js';

const BIN = resolve(import.meta.dirname, '../../bin/ledger.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `ledger` binary in a child process. */
function ledger(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, LEDGER_URL: '', LEDGER_API_KEY: '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// Each case spawns several real `ledger` processes (tsx compiles on start, seconds each on a busy
// machine), so a case gets a budget sized for spawns, not for in-process work.
describe('the ledger binary against a real server on loopback', { timeout: 120_000 }, () => {
  let dir: string;
  let remove: () => Promise<void>;
  let server: ChildProcess;
  let url: string;
  let adminKey: string;
  let serverOut = '';
  const db = () => join(dir, 'ledger.sqlite');
  const asAdmin = () => ({ LEDGER_URL: url, LEDGER_API_KEY: adminKey });

  beforeAll(async () => {
    ({ dir, remove } = await tempDir('plan-ledger-cli-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Given `ledger serve` started on an empty data directory (it loads the sample plan)
    server = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--db', db()], {
      env: { ...process.env, LOG_LEVEL: 'warn', LEDGER_KEYS_DB: '' },
    });
    server.stdout?.on('data', (chunk) => {
      serverOut += String(chunk);
    });
    server.stderr?.on('data', (chunk) => {
      serverOut += String(chunk);
    });
    // Then it prints a first-start admin key once
    await waitFor(() => /plk_\w+/.test(serverOut), 30_000, 'the first-start admin key');
    adminKey = /plk_[\w-]+/.exec(serverOut)?.[0] ?? '';
    await waitFor(() => serverOut.includes('sample') || serverOut.length > 0, 5000);
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    if (server.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await remove();
  });

  it('keeps only hashes: the printed key is not in the ledger file that holds the keys', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = await readFile(db());
    expect(adminKey).toMatch(/^plk_/);
    expect(file.includes(Buffer.from(adminKey.slice('plk_'.length + 17)))).toBe(false);
  });

  it('prints --help with the exit codes, and exits 2 on usage errors', async () => {
    const help = await ledger(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('board-summary');
    expect(help.stdout).toContain('5 auth');
    expect((await ledger(['frobnicate'])).code).toBe(2);
    const bad = await ledger(['plan', '--bogus'], asAdmin());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ledger plan --help');
  });

  it('lists plans and shows one as a readable table, and as JSON', async () => {
    const list = await ledger(['plan'], asAdmin());
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/plan id\s+portfolio/);
    const planId = /\b([0-7][0-9A-HJKMNP-TV-Z]{25})\b/.exec(list.stdout)?.[1] ?? '';
    const table = await ledger(['plan', planId], asAdmin());
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/ref\s+item id\s+kind\s+RAG\s+status/);
    const asJson = await ledger(['plan', planId, '--json'], asAdmin());
    expect(JSON.parse(asJson.stdout).planId).toBe(planId);
    // And at a date before it was opened it is not found (exit 3) with a hint
    const before = await ledger(
      ['plan', planId, '--as-of', '2000-01-01', '--known-at', '2000-01-01'],
      asAdmin(),
    );
    expect(before.code).toBe(3);
    expect(before.stderr).toContain('may not have existed yet');
    // And the item history of its first item is an audit trail
    const itemId = JSON.parse(asJson.stdout).items[0].item.itemId;
    const history = await ledger(['history', itemId], asAdmin());
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain('RecommendationReceived');
  });

  it('shows the board summary, changes and raw events', async () => {
    const summary = await ledger(['board-summary', '--items'], asAdmin());
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain('All portfolios');
    const changes = await ledger(['changes', '--from', '2000-01-01', '--to', '2100-01-01'], asAdmin());
    expect(changes.code, changes.stderr).toBe(0);
    expect(changes.stdout).toContain('added');
    expect((await ledger(['changes'], asAdmin())).code).toBe(2);
    const events = await ledger(['events', '--limit', '2'], asAdmin());
    expect(events.code, events.stderr).toBe(0);
    expect(events.stdout).toContain('InspectionRegistered');
    expect(events.stdout).toContain('more with --after 1');
  });

  it('exits 3 for an unknown plan, 2 for a bad date, 5 without a key, 1 when the server is down', async () => {
    const missing = await ledger(['plan', '01ARZ3NDEKTSV4RRFFQ69G5FAV'], asAdmin());
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('was not found');
    const badDate = await ledger(['plan', '--as-of', 'yesterday'], asAdmin());
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--as-of yesterday is not a date: write it as YYYY-MM-DD');
    const noKey = await ledger(['plan'], { LEDGER_URL: url });
    expect(noKey.code).toBe(5);
    expect(noKey.stderr).toContain('LEDGER_API_KEY');
    const down = await ledger(['plan', '--url', 'http://127.0.0.1:9'], asAdmin());
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('ledger serve');
  });

  it('creates, lists and revokes keys in the configured store, effective on the running server', async () => {
    const created = await ledger([
      'keys',
      'create',
      '--name',
      'dashboard',
      '--role',
      'viewer',
      '--db',
      db(),
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { token, key } = JSON.parse(created.stdout);
    expect((await ledger(['plan'], { LEDGER_URL: url, LEDGER_API_KEY: token })).code).toBe(0);
    const list = await ledger(['keys', 'list', '--db', db()]);
    expect(list.stdout).toContain(key.keyId);
    expect(list.stdout).not.toContain(token);
    expect((await ledger(['keys', 'revoke', key.keyId, '--db', db()])).code).toBe(0);
    const refused = await ledger(['plan'], { LEDGER_URL: url, LEDGER_API_KEY: token });
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('revoked');
    // A contributor key must name its portfolios; an unknown key id is "not found"
    expect(
      (await ledger(['keys', 'create', '--name', 'c', '--role', 'contributor', '--db', db()])).code,
    ).toBe(2);
    expect((await ledger(['keys', 'revoke', 'aaaaaaaaaaaaaaaa', '--db', db()])).code).toBe(3);
  }, 90_000);

  it('a key made by the CLI as viewer is refused administration by the server (403)', async () => {
    const created = await ledger([
      'keys',
      'create',
      '--name',
      'v',
      '--role',
      'viewer',
      '--db',
      db(),
      '--json',
    ]);
    const { token } = JSON.parse(created.stdout);
    // The CLI wrote the key from another process: the server knows it once its subscription
    // delivers the event (polled every 50 ms; later on a loaded machine), so ask until then.
    const askKeys = () => fetch(`${url}/keys`, { headers: { authorization: `Bearer ${token}` } });
    let response = await askKeys();
    for (const deadline = Date.now() + 10_000; response.status === 401 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await askKeys();
    }
    expect(response.status).toBe(403);
  });

  it('rebuilds the projections from the local ledger with progress', async () => {
    const rebuilt = await ledger(['rebuild', '--db', db(), '--progress']);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt all projections from \d+ events/);
    expect(rebuilt.stderr).toMatch(/\[#+\.*\] \d+\/\d+ events \(100%\)/);
    expect(existsSync(join(dir, 'read-model-checkpoint'))).toBe(true);
    const quiet = await ledger(['rebuild', '--db', db()]);
    expect(quiet.stderr).toMatch(/^\d+\/\d+ events/m);
    expect((await ledger(['rebuild', '--db', join(dir, 'nope.sqlite')])).code).toBe(3);
  });
});
