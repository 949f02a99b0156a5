import { ProjectionRunner } from '../projections/runtime/runner.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

/**
 * One cold start of the projections, in a fresh process: open the store, restore the saved
 * checkpoint (or replay the log when there is none) and catch up with the head. Prints the
 * ms since the process started (performance.now() counts from there, so module loading is in).
 */
async function main(): Promise<void> {
  const [ledger, dataDir] = process.argv.slice(2);
  if (!ledger) throw new Error('usage: startup-probe.ts <ledger> [dataDir]');
  const store = openSqliteStore({ path: ledger });
  const runner = new ProjectionRunner({ store, dataDir: dataDir ?? null });
  await runner.start();
  const ready = performance.now();
  const { fromSnapshot, fromStore } = runner.stats;
  process.stdout.write(
    `${JSON.stringify({ ready, fromSnapshot, fromStore, events: runner.index.eventCount })}\n`,
  );
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
