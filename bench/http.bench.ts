import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { buildApp } from '../src/api/app.js';
import { KeyStore } from '../src/auth/key-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { type BenchOptions, type BenchResult, judged, median } from './harness.js';
import type { LoadInput, LoadOutput } from './http-load.js';
import { formatCount } from './ledger-cache.js';
import { loadLedger } from './load-index.js';
import { Rng } from './rng.js';
import { scratchPath } from './scratch.js';

const LOAD_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'http-load.ts');

function load(input: LoadInput): Promise<LoadOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as LoadOutput)
        : reject(new Error(`load generator exited ${code}`)),
    );
  });
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * GET one plan snapshot and the board summary under load (autocannon over loopback, its own
 * process), against a fastify hello-world in the same server process measured in the same
 * run with the same connections and duration.
 */
export async function httpReads(options: BenchOptions): Promise<BenchResult[]> {
  const loaded = await loadLedger(options.size, options.seed, options.log);
  await loaded.runner.start();
  // The key lives in a scratch store of its own: the cached ledger fixture is never written to.
  const keyLedger = openSqliteStore({ path: scratchPath('http-keys') });
  const keys = await KeyStore.open(keyLedger);
  const { token } = await keys.create({ name: 'bench', role: 'admin' }, 'bench');
  // Rate limiting off: 600 requests a minute per key is a policy, not a cost being measured.
  const app = await buildApp({
    store: loaded.store,
    storeName: 'sqlite:bench',
    keys,
    projections: loaded.runner,
    rateLimitPerMinute: false,
  });
  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });

  const db = new Database(loaded.path, { readonly: true });
  const opened = db
    .prepare(
      "SELECT stream_id AS s, effective_on AS d, recorded_at AS r FROM events WHERE type = 'PlanOpened'",
    )
    .all() as { s: string; d: string; r: string }[];
  const last = Date.parse((db.prepare('SELECT MAX(recorded_at) FROM events').pluck().get() as string) ?? '');
  db.close();
  const rng = new Rng(`http:${options.seed}`);
  const planPaths = Array.from({ length: 2000 }, () => {
    const plan = rng.pick(opened);
    const from = Math.max(Date.parse(plan.r), Date.parse(`${plan.d}T00:00:00Z`));
    const asOf = dateOf(from + rng.next() * (last - from));
    return `/plans/${plan.s.slice('plan-'.length)}?asOf=${asOf}`;
  });
  const first = Date.parse(`${opened[0]?.d ?? '2008-01-01'}T00:00:00Z`);
  const boardPaths = Array.from(
    { length: 200 },
    () => `/board-summary?asOf=${dateOf(first + rng.next() * (last - first))}`,
  );

  const headers = { authorization: `Bearer ${token}` };
  const durationSeconds = options.smoke ? 2 : 10;
  const connections = 10;
  const rounds = options.smoke ? 1 : Math.min(options.repeats, 3);
  const runs = { hello: [] as LoadOutput[], plan: [] as LoadOutput[], board: [] as LoadOutput[] };
  for (let round = 0; round < rounds; round++) {
    runs.hello.push(await load({ url: helloUrl, paths: ['/'], headers: {}, connections, durationSeconds }));
    runs.plan.push(await load({ url: appUrl, paths: planPaths, headers, connections, durationSeconds }));
    runs.board.push(await load({ url: appUrl, paths: boardPaths, headers, connections, durationSeconds }));
  }
  await app.close();
  await hello.close();
  await loaded.runner.stop({ save: false });
  await loaded.store.close();
  await keyLedger.close();

  const rps = (list: LoadOutput[]) => median(list.map((r) => r.requestsPerSecond));
  const p99 = (list: LoadOutput[]) => median(list.map((r) => r.p99));
  const helloRps = rps(runs.hello);
  const bad = (list: LoadOutput[]) => list.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const result = (name: string, list: LoadOutput[], judge: boolean): BenchResult => {
    const ratio = rps(list) / helloRps;
    const notes = [
      `autocannon, ${connections} connections, ${durationSeconds} s, ${rounds} round(s) alternating with the baseline; API key auth on, rate limit off`,
      `runs (req/s): ${list.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}; p50 ${median(list.map((r) => r.p50))} ms; hello runs: ${runs.hello.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}`,
    ];
    if (bad(list) > 0) notes.push(`NON-2XX OR ERRORS: ${bad(list)} (figure is not valid)`);
    return {
      name,
      size: formatCount(options.size),
      figure: { value: rps(list), unit: `req/s (p99 ${p99(list)} ms)` },
      baseline: {
        value: helloRps,
        unit: `req/s (p99 ${p99(runs.hello)} ms)`,
        label: 'fastify hello-world, same process',
      },
      ratio,
      target: judge
        ? { text: '≥ 40% of hello-world', met: judged(options, ratio >= 0.4 && bad(list) === 0) }
        : null,
      notes,
    };
  };
  return [
    result('HTTP GET /plans/:id', runs.plan, true),
    result('HTTP GET /board-summary', runs.board, true),
  ];
}
