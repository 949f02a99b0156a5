import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';
import { youngGenerationBytes } from '../projections/runtime/young-generation.js';
import { type BenchOptions, type BenchResult, judged } from './harness.js';
import { ensureLedger, formatCount } from './ledger-cache.js';
import { collectGarbage, loadLedger } from './load-index.js';
import type { RestoredMemory } from './memory-probe.js';
import { scratchPath } from './scratch.js';

const MB = 1024 * 1024;
const HERE = dirname(fileURLToPath(import.meta.url));

/** One memory-probe.ts run in a fresh process, with the V8 flags this bench runs with; its stdout. */
function runProbe(mode: 'save' | 'restore', ledger: string, dataDir: string): Promise<string> {
  const args = ['--max-semi-space-size=64', '--expose-gc', '--import', 'tsx', join(HERE, 'memory-probe.ts')];
  const child = spawn(process.execPath, [...args, mode, ledger, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`memory probe ${mode} exited ${code}`)),
    ),
  );
}

/**
 * The same ledger's index restored from its snapshot in a fresh process (a restarted server),
 * settled and quiet: one process saves the snapshot (a first start: replay, then save), the
 * next restores it. Not the judged figure (that is the rebuilt index), printed beside it.
 */
async function restoredMemory(ledger: string): Promise<RestoredMemory> {
  const dataDir = join(dirname(scratchPath('memory-projections')), 'memory-projections');
  rmSync(dataDir, { recursive: true, force: true });
  try {
    await runProbe('save', ledger, dataDir);
    return JSON.parse(await runProbe('restore', ledger, dataDir)) as RestoredMemory;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Resident memory after loading the ledger and building every projection, in a process of
 * its own (the runner starts one per benchmark), after a full GC and once the runner has given
 * back the young generation the build grew (as a quiet server does): what a server holding this
 * ledger keeps resident. The baseline is the same process before the load (node, tsx and the
 * ledger's modules, the store open), so the difference is what the projections cost.
 */
export async function residentMemory(options: BenchOptions): Promise<BenchResult> {
  const path = ensureLedger(options.size, options.seed, options.log);
  // Import everything the load needs before the baseline, so it counts module code too.
  collectGarbage();
  const before = process.memoryUsage();
  const loaded = await loadLedger(options.size, options.seed, options.log);
  collectGarbage();
  collectGarbage();
  const built = process.memoryUsage();
  const builtYoung = youngGenerationBytes();
  // What the server holds once quiet: the runner gives back the young generation the build
  // grew (young-generation.ts) a few seconds after it; nothing here triggers that.
  const waited = performance.now();
  while (youngGenerationBytes() > 8 * MB && performance.now() - waited < 40_000)
    await new Promise((resolve) => setTimeout(resolve, 500));
  const waitedS = (performance.now() - waited) / 1000;
  // Let the unmapped pages leave the resident set before reading it.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = process.memoryUsage();
  // Committed but unused old space is fragmentation (what died there during the build).
  const spaces = new Map(getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const space = (name: string) => {
    const s = spaces.get(name);
    return s === undefined
      ? 'n/a'
      : `${(s.space_used_size / MB).toFixed(0)} MB used of ${(s.space_size / MB).toFixed(0)} MB`;
  };
  const events = loaded.runner.index.eventCount;
  const texts = loaded.runner.index.columns.item.bodies.textStats;
  await loaded.store.close();
  options.log('  the same index restored from its snapshot, in fresh processes (save, then restore)');
  const restored = await restoredMemory(path);
  const rssMb = after.rss / MB;
  const fileMb = statSync(path).size / MB;
  return {
    name: 'resident memory, all read models built',
    size: formatCount(options.size),
    figure: { value: rssMb, unit: 'MB RSS' },
    baseline: { value: before.rss / MB, unit: 'MB RSS', label: 'same process before loading' },
    ratio: null,
    target: {
      text: '≤ 600 MB (judged at 1M, issue 14)',
      met: options.size >= 1_000_000 ? judged(options, rssMb <= 600) : null,
    },
    notes: [
      `right after the build (full GC): ${(built.rss / MB).toFixed(0)} MB RSS, heap used ${(built.heapUsed / MB).toFixed(0)} MB of ${(built.heapTotal / MB).toFixed(0)} MB, young generation ${(builtYoung / MB).toFixed(0)} MB`,
      `figure: ${waitedS.toFixed(1)} s later, once the runner gave back the young generation (now ${(youngGenerationBytes() / MB).toFixed(0)} MB; it does so when the process is quiet)`,
      `after: heap used ${(after.heapUsed / MB).toFixed(0)} MB of ${(after.heapTotal / MB).toFixed(0)} MB, external ${(after.external / MB).toFixed(0)} MB, array buffers ${(after.arrayBuffers / MB).toFixed(0)} MB`,
      `old space ${space('old_space')}; large objects ${space('large_object_space')}; code ${space('code_space')}`,
      `${events} events indexed (${((after.heapUsed - before.heapUsed) / Math.max(1, events)).toFixed(0)} heap bytes per event); ledger file ${fileMb.toFixed(0)} MB`,
      `update texts kept as token codes (projections/text-arena.ts): ${texts.texts} texts, ${(texts.chars / MB).toFixed(1)} MB of characters in ${(texts.bytes / MB).toFixed(1)} MB of codes (${((100 * texts.bytes) / Math.max(1, texts.chars)).toFixed(0)}%), ${texts.tokens} distinct tokens`,
      `restored from its snapshot instead (a restarted server; fresh process, settled in ${restored.settledS.toFixed(1)} s, then quiet): ${(restored.rss / MB).toFixed(0)} MB RSS (${(restored.beforeRss / MB).toFixed(0)} MB before the start), heap used ${(restored.heapUsed / MB).toFixed(0)} MB of ${(restored.heapTotal / MB).toFixed(0)} MB, external ${(restored.external / MB).toFixed(0)} MB; ${restored.fromSnapshot} events from the snapshot`,
    ],
  };
}
