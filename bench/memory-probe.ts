import { ProjectionRunner } from '../projections/runtime/runner.js';
import { settleInTurns } from '../projections/runtime/settle-in-turns.js';
import {
  releaseYoungGenerationWhenQuiet,
  youngGenerationBytes,
} from '../projections/runtime/young-generation.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { collectGarbage } from './load-index.js';

const MB = 1024 * 1024;

/** What `restore` prints: the process's memory before the start and once settled and quiet. */
export interface RestoredMemory {
  beforeRss: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Seconds from the start to the index settled (every body chunk its epochs read parsed). */
  settledS: number;
  fromSnapshot: number;
}

/**
 * The memory bench's second figure, in fresh processes (`node --import tsx memory-probe.ts
 * <save|restore> <ledger> <dataDir>`):
 * - `save`: the runner starts on a ledger with no snapshot, replays the log and saves one, as a
 *   server's first start does;
 * - `restore`: the runner starts from that snapshot, as a restarted server does (settling after
 *   it is ready), and once settled and quiet (the young generation given back) prints its
 *   memory as JSON: what a restarted server keeps resident, beside the rebuilt index's figure.
 */
async function main(): Promise<void> {
  const [mode, ledger, dataDir] = process.argv.slice(2);
  if ((mode !== 'save' && mode !== 'restore') || !ledger || !dataDir)
    throw new Error('usage: memory-probe.ts <save|restore> <ledger> <dataDir>');
  collectGarbage();
  const before = process.memoryUsage();
  const store = openSqliteStore({ path: ledger });
  const runner = new ProjectionRunner({ store, dataDir });
  const started = performance.now();
  if (mode === 'save') {
    await runner.start();
    await runner.stop();
    await store.close();
    return;
  }
  // As the server does (runner.settleInBackground), awaited here: settle in turns, then give
  // back the young generation once quiet.
  await runner.start({ deferSettling: true });
  await settleInTurns(runner.index, () => true, true);
  releaseYoungGenerationWhenQuiet();
  const settledS = (performance.now() - started) / 1000;
  collectGarbage();
  collectGarbage();
  const waited = performance.now();
  while (youngGenerationBytes() > 8 * MB && performance.now() - waited < 40_000)
    await new Promise((resolve) => setTimeout(resolve, 500));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = process.memoryUsage();
  const result: RestoredMemory = {
    beforeRss: before.rss,
    rss: after.rss,
    heapUsed: after.heapUsed,
    heapTotal: after.heapTotal,
    external: after.external,
    settledS,
    fromSnapshot: runner.stats.fromSnapshot,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await runner.stop({ save: false });
  await store.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
