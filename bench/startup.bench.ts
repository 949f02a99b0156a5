import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKPOINT_DIR_NAME } from '../projections/runtime/checkpoint-dir.js';
import { ProjectionRunner } from '../projections/runtime/runner.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { type BenchOptions, type BenchResult, judged, median } from './harness.js';
import { ensureLedger, formatCount } from './ledger-cache.js';
import { removeDatabase, scratchCopy, scratchPath } from './scratch.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

interface Spread {
  p50: number;
  p99: number;
  max: number;
}

interface Probe {
  ready: number;
  fromSnapshot: number;
  fromStore: number;
  events: number;
  /** After a start from the snapshot (startup-probe.ts): the first plan reads, then the same again. */
  firstReads: { plans: number; now: Spread; past: Spread; nowAgain: Spread; pastAgain: Spread } | null;
}

const spread = (s: Spread) =>
  `p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(1)} / max ${s.max.toFixed(1)} ms`;

function probe(ledger: string, dataDir: string | null): Promise<Probe> {
  const args = ['--import', 'tsx', join(HERE, 'startup-probe.ts'), ledger, ...(dataDir ? [dataDir] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim()) as Probe)
        : reject(new Error(`startup probe exited ${code}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * `npm start` as shipped (src/server.ts) on the ledger, its projections restored from
 * `projectionsDir`: ms from spawn to the first 200 from /health. The server is stopped, and
 * its exit awaited, before the next start, so two never share the files.
 */
async function serverStart(ledger: string, projectionsDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    // Exactly what `npm start` runs (package.json), V8 setting included.
    ['--max-semi-space-size=64', '--import', 'tsx', join(ROOT, 'src', 'server.ts'), '--no-sample-data'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        LEDGER_DB: ledger,
        LEDGER_CHECKPOINT_DIR: projectionsDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode} before it was ready`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`);
        if (response.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Startup to ready on an existing ledger: `npm start` (src/server.ts) with the projections'
 * saved snapshot, from spawn to the first /health 200, each round a fresh process. Baseline:
 * the same start on an empty ledger (node, tsx, module loading, opening files, listening).
 * Also measured once each, for the notes: the projection runner alone restoring the
 * snapshot, and the runner replaying the log with no snapshot.
 */
export async function startup(options: BenchOptions): Promise<BenchResult[]> {
  const source = ensureLedger(options.size, options.seed, options.log);
  const ledger = scratchCopy(source, 'startup-ledger');
  const dataDir = join(dirname(scratchPath('startup-projections')), 'startup-projections');
  // Save a snapshot exactly as a running server would: rebuild with a data directory.
  options.log('  saving the read-model snapshot (rebuild with a data directory)');
  const store = openSqliteStore({ path: ledger });
  const runner = new ProjectionRunner({ store, dataDir });
  const savedAt = performance.now();
  await runner.rebuild();
  await runner.stop();
  const saveMs = performance.now() - savedAt;
  await store.close();
  const empty = scratchPath('startup-empty');
  const emptyDir = `${dataDir}-empty`;

  const rounds = options.smoke ? 1 : Math.min(options.repeats, 3);
  const servers: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    baseline.push(await serverStart(empty, emptyDir));
    servers.push(await serverStart(ledger, dataDir));
  }
  const restored = await probe(ledger, dataDir);
  const replay = await probe(ledger, null);
  // A 1M ledger's copy and snapshot are 1.4 GB of scratch: not worth keeping between runs.
  removeDatabase(ledger);
  removeDatabase(empty);
  for (const dir of [dataDir, emptyDir, join(dirname(ledger), CHECKPOINT_DIR_NAME)])
    rmSync(dir, { recursive: true, force: true });
  const readyMs = median(servers);
  const baseMs = median(baseline);
  const main: BenchResult = {
    name: 'start-up to ready, `npm start` with its snapshot',
    size: formatCount(options.size),
    figure: { value: readyMs / 1000, unit: 's' },
    baseline: { value: baseMs / 1000, unit: 's', label: 'same start on an empty ledger' },
    ratio: baseMs / readyMs,
    target: {
      text: '≤ 3 × the same start on an empty ledger (judged at 1M, issue 14)',
      met: options.size >= 1_000_000 ? judged(options, readyMs <= 3 * baseMs) : null,
    },
    notes: [
      `\`npm start\` (src/server.ts, LEDGER_CHECKPOINT_DIR = the saved snapshot) to its first /health 200; runs (s): ${servers.map((ms) => (ms / 1000).toFixed(1)).join(', ')}; empty-ledger runs: ${baseline.map((ms) => (ms / 1000).toFixed(1)).join(', ')}`,
      `projection runner alone, fresh process: restoring the snapshot ${(restored.ready / 1000).toFixed(1)} s (${restored.fromSnapshot} events from it, ${restored.fromStore} from the store); replaying the log with no snapshot ${(replay.ready / 1000).toFixed(1)} s`,
      `saving the snapshot (rebuild with a data directory) took ${(saveMs / 1000).toFixed(1)} s`,
      ...(restored.firstReads
        ? [
            `first reads after that restore, before settling (what the server's first requests can meet: a body chunk or a run of saved "now" folds parsed, checkpoints refilled), GET-plan reads of ${restored.firstReads.plans} plans each: at now ${spread(restored.firstReads.now)} (the same again ${spread(restored.firstReads.nowAgain)}); ${restored.firstReads.plans} other plans 120 days after they opened ${spread(restored.firstReads.past)} (again ${spread(restored.firstReads.pastAgain)})`,
          ]
        : []),
    ],
  };
  return restored.firstReads ? [main, firstReadsRow(options, restored.firstReads)] : [main];
}

/**
 * The first plan reads after a start from the snapshot, before settling (startup-probe.ts), as
 * a row: their p99 at now against the p99 of the same reads again in the same process (what
 * they cost once their streams' folds and bodies are in memory), past reads in the notes.
 */
function firstReadsRow(options: BenchOptions, reads: NonNullable<Probe['firstReads']>): BenchResult {
  return {
    name: 'first plan reads after a snapshot start, before settling (at now)',
    size: formatCount(options.size),
    figure: {
      value: reads.now.p99,
      unit: `ms p99 (p50 ${reads.now.p50.toFixed(2)}, max ${reads.now.max.toFixed(1)})`,
    },
    baseline: {
      value: reads.nowAgain.p99,
      unit: `ms p99 (p50 ${reads.nowAgain.p50.toFixed(2)})`,
      label: 'the same reads again, in the same process',
    },
    ratio: reads.nowAgain.p99 / reads.now.p99,
    target: null,
    notes: [
      `GET-plan reads (getPlan) of ${reads.plans} plans right after the projection runner restored the snapshot, before settling, each read once; then ${reads.plans} other plans 120 days after they opened: ${spread(reads.past)} (the same again ${spread(reads.pastAgain)})`,
    ],
  };
}
