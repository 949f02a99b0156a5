import { ProjectionRunner } from '../projections/runtime/runner.js';
import type { SqliteEventStore } from '../src/store/sqlite-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { ensureLedger, formatCount } from './ledger-cache.js';

export interface LoadedLedger {
  path: string;
  store: SqliteEventStore;
  runner: ProjectionRunner;
  /** Wall time of the rebuild from the log, ms. */
  rebuildMs: number;
}

/**
 * Opens the cached ledger of `size` events and builds every projection from its log through
 * the projection runner, exactly as `ledger rebuild` does (without saving to disk: the read
 * benchmarks measure reads, not the checkpoint writer).
 */
export async function loadLedger(
  size: number,
  seed: string,
  log: (line: string) => void,
): Promise<LoadedLedger> {
  const path = ensureLedger(size, seed, log);
  const store = openSqliteStore({ path });
  const runner = new ProjectionRunner({ store, dataDir: null });
  const started = performance.now();
  let shown = 0;
  await runner.rebuild(undefined, (p) => {
    if (p.applied - shown >= 200_000) {
      shown = p.applied;
      log(`  building projections: ${formatCount(p.applied)} / ${formatCount(p.head + 1)} events`);
    }
  });
  // Reads are measured on a settled index: the build counts until then.
  await runner.settled();
  return { path, store, runner, rebuildMs: performance.now() - started };
}

/** Asks V8 to collect now (when run with --expose-gc) so one run's garbage is not the next one's pause. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}
