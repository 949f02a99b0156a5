import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { AnswerCache } from '../src/api/answer-cache.js';
import { buildApp } from '../src/api/app.js';
import { KeyStore } from '../src/auth/key-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { type BenchOptions, type BenchResult, judged, median } from './harness.js';
import { FreshRounds, freshPathsNeeded } from './http-fresh-rounds.js';
import type { LoadInput, LoadOutput } from './http-load.js';
import { formatCount } from './ledger-cache.js';
import { loadLedger } from './load-index.js';
import { Rng } from './rng.js';
import { scratchPath } from './scratch.js';

const LOAD_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'http-load.ts');

export function load(input: LoadInput): Promise<LoadOutput> {
  return new Promise((resolve, reject) => {
    // The input on stdin: tens of thousands of paths are more than an argument may hold.
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdin.end(JSON.stringify(input));
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

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
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
  const appOver = (answerCache: AnswerCache) =>
    buildApp({
      store: loaded.store,
      storeName: 'sqlite:bench',
      keys,
      projections: loaded.runner,
      rateLimitPerMinute: false,
      answerCache,
    });
  // The app as the server runs it (its default answer cache), and the same app with the answer
  // cache holding nothing: every answer read from the index and serialized afresh (a note).
  const cache = new AnswerCache();
  const app = await appOver(cache);
  const cold = await appOver(new AnswerCache({ entries: 0, bytes: 0 }));
  // The baseline routes, registered before the app listens; their bytes are filled in below.
  const memory = new Map<string, string>();
  const memoryPath = (path: string) => `/bench-memory${path}`;
  const served = (url: string) => memory.get(url.slice('/bench-memory'.length)) ?? '{}';
  const memoryPlan = async (request: FastifyRequest, reply: FastifyReply) =>
    reply.type('application/json; charset=utf-8').send(served(request.url));
  app.get('/bench-memory/plans/:planId', { config: { permission: 'read' } }, memoryPlan);
  // The cache-off row's baseline: the same route on the same app, its bytes from memory.
  cold.get('/bench-memory/plans/:planId', { config: { permission: 'read' } }, memoryPlan);
  app.get('/bench-memory/board-summary', { config: { permission: 'read' } }, async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(served(request.url)),
  );
  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const coldUrl = await cold.listen({ port: 0, host: '127.0.0.1' });
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });

  const db = new Database(loaded.path, { readonly: true });
  const opened = db
    .prepare(
      "SELECT stream_id AS s, effective_on AS d, recorded_at AS r FROM events WHERE type = 'PlanOpened'",
    )
    .all() as { s: string; d: string; r: string }[];
  const last = Date.parse((db.prepare('SELECT MAX(recorded_at) FROM events').pluck().get() as string) ?? '');
  const lastDay = (db.prepare('SELECT MAX(effective_on) FROM events').pluck().get() as string) ?? '';
  db.close();
  const rng = new Rng(`http:${options.seed}`);
  const planPath = (r: Rng) => {
    const plan = r.pick(opened);
    const from = Math.max(Date.parse(plan.r), Date.parse(`${plan.d}T00:00:00Z`));
    const asOf = dateOf(from + r.next() * (last - from));
    return `/plans/${plan.s.slice('plan-'.length)}?asOf=${asOf}`;
  };
  const planPaths = Array.from({ length: 2000 }, () => planPath(rng));
  const durationSeconds = options.smoke ? 2 : 10;
  const connections = 10;
  const rounds = options.smoke ? 1 : Math.min(options.repeats, 3);
  // Cache off: every run of the row, baseline's or subject's, asks paths no run asked before
  // (http-fresh-rounds.ts), as readers of unique (plan, date) pairs ask them; a rng of their
  // own, so the other paths stay as they were.
  const perRound = options.smoke ? 1_000 : 20_000;
  const coldRng = new Rng(`http-unique:${options.seed}`);
  const unique = new Set<string>();
  for (let draws = 0; unique.size < freshPathsNeeded(rounds, perRound); draws++) {
    if (draws > 4 * freshPathsNeeded(rounds, perRound))
      throw new Error('http bench: too few distinct plan paths');
    unique.add(planPath(coldRng));
  }
  const uniquePaths = [...unique];
  const first = Date.parse(`${opened[0]?.d ?? '2008-01-01'}T00:00:00Z`);
  const inspections = [...loaded.runner.index.inspections.keys()];
  // "Now"; a generated ledger that runs past today is read at its latest point instead.
  const nowQuery =
    lastDay > dateOf(Date.now()) || last > Date.now()
      ? `&asOf=${lastDay}&knownAt=${new Date(last).toISOString()}`
      : '';
  // One inspection's board summary: half at today/now (what a dashboard polls), half at a past date.
  const boardPaths = Array.from({ length: 200 }, (_, n) => {
    const inspectionId = rng.pick(inspections);
    return n % 2 === 0
      ? `/board-summary?inspectionId=${inspectionId}${nowQuery}`
      : `/board-summary?inspectionId=${inspectionId}&asOf=${dateOf(first + rng.next() * (last - first))}`;
  });

  // The baseline: the same paths answered with the same bytes from memory, behind the same
  // authentication, in the same process (computed once here, before the runs).
  const headers = { authorization: `Bearer ${token}` };
  for (const path of [...new Set([...planPaths, ...boardPaths])]) {
    const answer = await app.inject({ url: path, headers });
    memory.set(path, answer.body);
  }
  const everyBytes = Buffer.byteLength((await app.inject({ url: '/board-summary', headers })).body);
  const planBytes = await (async () => {
    let sum = 0;
    for (const path of planPaths) sum += Buffer.byteLength(memory.get(path) ?? '');
    return Math.round(sum / Math.max(1, planPaths.length));
  })();

  const runs = {
    hello: [] as LoadOutput[],
    memPlan: [] as LoadOutput[],
    plan: [] as LoadOutput[],
    coldPlan: [] as LoadOutput[],
    memCold: [] as LoadOutput[],
    memBoard: [] as LoadOutput[],
    board: [] as LoadOutput[],
  };
  const run = (paths: string[], url = appUrl, h: Record<string, string> = headers) =>
    load({ url, paths, headers: h, connections, durationSeconds });
  const freshRounds = new FreshRounds(uniquePaths, perRound);
  const memoryUniquePaths = uniquePaths.map(memoryPath);
  const coldBytes: number[] = [];
  let kept: readonly string[] = [];
  const freshRun = (paths: string[], from: number, amount: number) =>
    load({ url: coldUrl, paths, headers, connections, durationSeconds, distinct: { from, amount } });
  const planHits: { hits: number; misses: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    runs.hello.push(await run(['/'], helloUrl, {}));
    runs.memPlan.push(await run(planPaths.map(memoryPath)));
    const hits = cache.hits;
    const misses = cache.misses;
    runs.plan.push(await run(planPaths));
    planHits.push({ hits: cache.hits - hits, misses: cache.misses - misses });
    const fresh = await freshRounds.round({
      keep: async (paths) => {
        kept = paths;
        let sum = 0;
        for (const path of paths) {
          const body = (await cold.inject({ url: path, headers })).body;
          memory.set(path, body);
          sum += Buffer.byteLength(body);
        }
        return Math.round(sum / Math.max(1, paths.length));
      },
      drop: () => {
        for (const path of kept) memory.delete(path);
      },
      baseline: (from, amount) => freshRun(memoryUniquePaths, from, amount),
      subject: (from, amount) => freshRun(uniquePaths, from, amount),
    });
    runs.coldPlan.push(fresh.subject);
    runs.memCold.push(fresh.baseline);
    coldBytes.push(fresh.baselineBytes);

    runs.memBoard.push(await run(boardPaths.map(memoryPath)));
    runs.board.push(await run(boardPaths));
  }
  await app.close();
  await cold.close();
  await hello.close();
  await loaded.runner.stop({ save: false });
  await loaded.store.close();
  await keyLedger.close();

  const rps = (list: LoadOutput[]) => median(list.map((r) => r.requestsPerSecond));
  const p99 = (list: LoadOutput[]) => median(list.map((r) => r.p99));
  const bad = (list: LoadOutput[]) => list.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const result = (
    name: string,
    list: LoadOutput[],
    base: LoadOutput[],
    extra: string[],
    label = 'the same paths answered with the same bytes from memory (same auth, same process)',
    how = `${durationSeconds} s a run, subject right after its baseline in each round`,
  ): BenchResult => {
    const ratio = rps(list) / rps(base);
    const notes = [
      `autocannon, ${connections} connections, ${how}, ${rounds} round(s); API key auth on, rate limit off`,
      `runs (req/s): ${list.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')} against ${base.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')}; p50 ${median(list.map((r) => r.p50))} ms`,
      `fastify hello-world in the same process: ${runs.hello.map((r) => r.requestsPerSecond.toFixed(0)).join(', ')} req/s`,
      ...extra,
    ];
    if (bad(list) + bad(base) > 0)
      notes.push(`NON-2XX OR ERRORS: ${bad(list) + bad(base)} (figure is not valid)`);
    return {
      name,
      size: formatCount(options.size),
      figure: { value: rps(list), unit: `req/s (p99 ${p99(list)} ms)` },
      baseline: {
        value: rps(base),
        unit: `req/s (p99 ${p99(base)} ms)`,
        label,
      },
      ratio,
      target: {
        text: '≥ 50% of the same bytes from memory',
        met: judged(options, ratio >= 0.5 && bad(list) + bad(base) === 0),
      },
      notes,
    };
  };
  return [
    result('HTTP GET /plans/:id', runs.plan, runs.memPlan, [
      `${planPaths.length} paths (a random plan at a random asOf each), cycled`,
      `answer cache (as the server runs it, ${mb(cache.limits.bytes)}): ${planHits.map((h) => `${h.hits} hits, ${h.misses} misses`).join('; ')}; holding ${mb(cache.size)} at the end`,
      `answer cache off: the next row (other paths, its own baseline)`,
    ]),
    result(
      'HTTP GET /plans/:id, answer cache off, unique paths',
      runs.coldPlan,
      runs.memCold,
      [
        `${formatCount(freshRounds.distinct)} distinct paths asked in the row, none twice (a random plan at a random asOf each, another draw): each run, baseline's or subject's, asks ${formatCount(perRound)} paths no earlier run asked, and its rate is those answers over the time to the last one; baseline and subject alternate which goes first (B S, S B, B S)`,
        `an app over the same index whose answer cache keeps nothing: every answer read from the index and written afresh (item texts kept as the server keeps them, src/api/routes/plans/plan-answer-json.ts); the baseline is the same route on the same app, the bytes of its round's paths written just before the round and kept in memory for it`,
        `mean answer: ${coldBytes.map((b) => formatCount(b)).join(', ')} bytes (the baseline's paths, per round); bytes per response read (headers and body): ${runs.coldPlan.map((r) => formatCount(Math.round(r.bytesPerResponse))).join(', ')} against ${runs.memCold.map((r) => formatCount(Math.round(r.bytesPerResponse))).join(', ')}; the previous row's 2,000 paths: ${formatCount(planBytes)} bytes`,
      ],
      'other paths of the same draw, as many a round, answered with their bytes from memory (same auth, same app)',
      `${formatCount(perRound)} paths a run, baseline and subject alternating`,
    ),
    result('HTTP GET /board-summary (one inspection)', runs.board, runs.memBoard, [
      `${boardPaths.length} paths (a random inspection each; half at now, half at a random asOf), cycled`,
      `every inspection at now, the default answer: ${formatCount(everyBytes)} bytes (target ≤ 200 KB)`,
    ]),
  ];
}
