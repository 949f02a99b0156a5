import { statSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { youngGenerationBytes } from '../projections/runtime/young-generation.js';
import { type BenchOptions, type BenchResult, judged } from './harness.js';
import { ensureLedger, formatCount } from './ledger-cache.js';
import { collectGarbage, loadLedger } from './load-index.js';

const MB = 1024 * 1024;

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
  await loaded.store.close();
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
    ],
  };
}
