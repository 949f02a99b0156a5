/**
 * Where does a large HTTP import hold the server's event loop? Starts the real server
 * (`src/server.ts`) under `--cpu-prof`, polls `/health` while a generated CSV is imported over
 * HTTP, stops the server, then reads its CPU profile: every stretch of the main thread's timeline
 * with no idle sample for longer than `--min-ms` is printed with the functions of this project
 * that held it (inclusive, by share of the stretch), so a pause is named by its phase.
 *
 *   npx tsx tools/import-pauses.ts [--rows 5000] [--min-ms 100] [--keep DIR]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { generateCsv } from '../bench/generator-csv.js';
import { KeyStore } from '../src/auth/key-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const ROOT = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '5000' },
    'min-ms': { type: 'string', default: '100' },
    keep: { type: 'string' },
  },
});
const rows = Number(values.rows);
const minMs = Number(values['min-ms']);

const CallFrame = z.looseObject({ functionName: z.string(), url: z.string(), lineNumber: z.number() });
const ProfileNode = z.looseObject({
  id: z.number(),
  callFrame: CallFrame,
  children: z.array(z.number()).optional(),
});
const Profile = z.looseObject({
  startTime: z.number(),
  nodes: z.array(ProfileNode),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
type Profile = z.infer<typeof Profile>;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A frame as "file:function" for this project's code, null for node internals and libraries. */
function ownFrame(frame: z.infer<typeof CallFrame>): string | null {
  const at = frame.url;
  const m = /\/(src|projections)\/(.+?)(\?.*)?$/.exec(at);
  if (!m || at.includes('node_modules')) return null;
  return `${m[1]}/${m[2]}:${frame.functionName || '(anonymous)'}`;
}

const Windows = z.array(z.object({ fromUs: z.number(), toUs: z.number() }));

/** For each window the loop was held (from the lag probe), the project's functions that ran in it. */
function analyse(profile: Profile, windows: z.infer<typeof Windows>): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): string[] => {
    const frames: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const own = ownFrame(node.callFrame);
      if (own) frames.push(own);
      else if (['(garbage collector)', '(program)', '(idle)'].includes(node.callFrame.functionName))
        frames.push(node.callFrame.functionName);
      else if (frames.length === 0 && node.callFrame.url.includes('node_modules')) {
        const lib = /node_modules\/([^/]+)/.exec(node.callFrame.url)?.[1];
        frames.push(`lib:${lib}:${node.callFrame.functionName}`);
      }
    }
    return frames;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const dt of profile.timeDeltas) {
    t += dt;
    times.push(t);
  }
  console.log(`\n${windows.length} windows where the loop was held ≥ ${minMs} ms:`);
  for (const w of windows) {
    const inclusive = new Map<string, number>();
    let n = 0;
    profile.samples.forEach((id, i) => {
      const at = times[i] ?? 0;
      if (at < w.fromUs || at > w.toUs) return;
      n++;
      for (const f of new Set(stack(id))) inclusive.set(f, (inclusive.get(f) ?? 0) + 1);
    });
    const top = [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([f, k]) => `    ${((100 * k) / Math.max(1, n)).toFixed(0).padStart(3)}%  ${f}`);
    const rel = (w.fromUs - profile.startTime) / 1e6;
    console.log(
      `  at ${rel.toFixed(2)} s: ${Math.round((w.toUs - w.fromUs) / 1000)} ms, ${n} samples\n${top.join('\n')}`,
    );
  }
}

async function main(): Promise<void> {
  const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'import-pauses-'));
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'ledger.sqlite');
  const store = openSqliteStore({ path: db });
  const keys = await KeyStore.open(store);
  const token = (await keys.create({ name: 'pauses', role: 'admin' }, 'tool')).token;
  await store.close();
  const port = await freePort();
  const profDir = join(dir, 'prof');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-dir',
      profDir,
      '--import',
      './tools/lag-probe.mjs',
      '--import',
      'tsx',
      'src/server.ts',
      '--no-sample-data',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        LEDGER_DB: db,
        LEDGER_KEYS_DB: join(dir, 'no-legacy-keys.sqlite'),
        LEDGER_PROJECTIONS_DIR: join(dir, 'projections'),
        LEDGER_STORE: 'sqlite',
        LAG_PROBE_FILE: join(dir, 'lag.json'),
        LAG_PROBE_MS: String(minMs),
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const csv = generateCsv(rows, 'health');
  const latencies: { at: number; ms: number }[] = [];
  let running = true;
  const t0 = performance.now();
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${url}/health`)).arrayBuffer();
      latencies.push({ at: started - t0, ms: performance.now() - started });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const response = await fetch(`${url}/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ fileName: 'big.csv', content: csv }),
  });
  await response.arrayBuffer();
  const importMs = performance.now() - t0;
  running = false;
  await poll;
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  console.log(
    `${rows}-row CSV: HTTP ${response.status} in ${Math.round(importMs)} ms; /health ${sorted.length} polls, median ${Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, p99 ${Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0)} ms, worst ${Math.round(sorted.at(-1) ?? 0)} ms`,
  );
  console.log(
    `slow polls (≥ ${minMs} ms): ${latencies
      .filter((l) => l.ms >= minMs)
      .map((l) => `${(l.at / 1000).toFixed(1)}s:${Math.round(l.ms)}ms`)
      .join(' ')}`,
  );
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  // One profile per thread: the import thread writes its own; the main thread's runs the route.
  const profiles = readdirSync(profDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => Profile.parse(JSON.parse(readFileSync(join(profDir, f), 'utf8'))));
  const mainThread = profiles.find((p) => p.nodes.some((n) => n.callFrame.url.endsWith('src/server.ts')));
  if (!mainThread) throw new Error(`no main-thread profile among ${profiles.length}`);
  analyse(mainThread, Windows.parse(JSON.parse(readFileSync(join(dir, 'lag.json'), 'utf8'))));
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

await main();
