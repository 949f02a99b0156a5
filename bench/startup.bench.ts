import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProjectionRunner } from '../src/projections/runner.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { type BenchOptions, type BenchResult, judged, median } from './harness.js';
import { ensureLedger, formatCount } from './ledger-cache.js';
import { scratchCopy, scratchPath } from './scratch.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');

interface Probe {
  ready: number;
  fromSnapshot: number;
  fromStore: number;
  events: number;
}

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

/** `npm start` as shipped (src/server.ts) on the ledger: ms from spawn to the first 200 from /health. */
async function serverStart(ledger: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src', 'server.ts'), '--no-sample-data'],
    {
      cwd: ROOT,
      env: { ...process.env, LEDGER_DB: ledger, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
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
  }
}

/**
 * Startup to ready on an existing ledger. Measured three ways, each a fresh process:
 * the projections restored from their saved checkpoint (the path the target asks for), the
 * projections replayed from the log (no checkpoint), and `npm start` itself. Baseline: the
 * same checkpointed start on an empty ledger (node, tsx, module loading, opening files).
 */
export async function startup(options: BenchOptions): Promise<BenchResult> {
  const source = ensureLedger(options.size, options.seed, options.log);
  const ledger = scratchCopy(source, 'startup-ledger');
  const dataDir = join(dirname(scratchPath('startup-projections')), 'startup-projections');
  // Save a checkpoint exactly as a running server would: rebuild with a data directory.
  options.log('  saving a projection checkpoint (rebuild with a data directory)');
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
  const checkpointed: Probe[] = [];
  const baseline: Probe[] = [];
  for (let round = 0; round < rounds; round++) {
    baseline.push(await probe(empty, emptyDir));
    checkpointed.push(await probe(ledger, dataDir));
  }
  const replay = await probe(ledger, null);
  const server = await serverStart(ledger);
  const readyMs = median(checkpointed.map((p) => p.ready));
  const baseMs = median(baseline.map((p) => p.ready));
  const restored = checkpointed[0];
  return {
    name: 'startup to ready (checkpointed projections)',
    size: formatCount(options.size),
    figure: { value: readyMs / 1000, unit: 's' },
    baseline: { value: baseMs / 1000, unit: 's', label: 'same start on an empty ledger' },
    ratio: baseMs / readyMs,
    target: {
      text: '≤ 10 s at 1M',
      met: options.size >= 1_000_000 ? judged(options, readyMs <= 10_000) : null,
    },
    notes: [
      `fresh process: open store, ProjectionRunner.start() restoring the saved checkpoint, caught up (${restored?.fromSnapshot} events from the checkpoint, ${restored?.fromStore} from the store); runs (s): ${checkpointed.map((p) => (p.ready / 1000).toFixed(1)).join(', ')}`,
      `without a checkpoint (replay of the log): ${(replay.ready / 1000).toFixed(1)} s; \`npm start\` (src/server.ts) to first /health 200: ${(server / 1000).toFixed(1)} s`,
      `saving the checkpoint (rebuild with a data directory) took ${(saveMs / 1000).toFixed(1)} s`,
    ],
  };
}
