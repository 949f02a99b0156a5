import { LATEST } from '../projections/live-board-counts.js';
import { getPlan } from '../projections/runtime/queries.js';
import { ProjectionRunner } from '../projections/runtime/runner.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { percentile } from './harness.js';
import { Rng } from './rng.js';

/** Wall times (ms) of the first reads after a start, and of the same reads again. */
export interface FirstReads {
  plans: number;
  now: number[];
  past: number[];
  nowAgain: number[];
  pastAgain: number[];
}

/**
 * The first plan reads after a start from the snapshot, before settling has folded or parsed
 * anything (the server settles only once it listens, in ~10 ms steps, so its first requests
 * meet this): `plans` plans at now and as many others 120 days after they opened, each read
 * once, then the same reads again. A first read may parse a body chunk (~0.5 MB) or a run of
 * saved "now" folds (~3 MB) from the file, and refill checkpoints.
 */
function firstReads(runner: ProjectionRunner, plans: number): FirstReads {
  const ids = [...runner.index.plans.keys()];
  const rng = new Rng('startup-first-reads');
  const n = Math.min(plans, Math.floor(ids.length / 2));
  const picked = new Set<string>();
  while (picked.size < 2 * n) picked.add(rng.pick(ids));
  const [nowIds, pastIds] = [[...picked].slice(0, n), [...picked].slice(n)];
  const pastAt = (planId: string) => {
    const opened = Date.parse(`${runner.index.planAt(planId, LATEST)?.openedOn ?? '2011-01-01'}T00:00:00Z`);
    return new Date(opened + 120 * 86_400_000).toISOString().slice(0, 10);
  };
  const at = new Map(pastIds.map((id) => [id, pastAt(id)]));
  const timed = (read: () => unknown) => {
    const started = performance.now();
    read();
    return performance.now() - started;
  };
  const readNow = (id: string) => timed(() => getPlan(runner, id));
  const readPast = (id: string) => timed(() => getPlan(runner, id, { asOf: at.get(id) }));
  const now = nowIds.map(readNow);
  const past = pastIds.map(readPast);
  return { plans: n, now, past, nowAgain: nowIds.map(readNow), pastAgain: pastIds.map(readPast) };
}

/**
 * One cold start of the projections, in a fresh process: open the store, restore the saved
 * checkpoint (or replay the log when there is none) and catch up with the head. Prints the
 * ms since the process started (performance.now() counts from there, so module loading is in)
 * and, after a start from the snapshot, the first reads' times.
 */
async function main(): Promise<void> {
  const [ledger, dataDir] = process.argv.slice(2);
  if (!ledger) throw new Error('usage: startup-probe.ts <ledger> [dataDir]');
  const store = openSqliteStore({ path: ledger });
  const runner = new ProjectionRunner({ store, dataDir: dataDir ?? null });
  await runner.start({ deferSettling: dataDir !== undefined });
  const ready = performance.now();
  const { fromSnapshot, fromStore } = runner.stats;
  const first = dataDir === undefined || runner.index.plans.size < 2 ? null : firstReads(runner, 200);
  const summary = (xs: number[]) => ({
    p50: percentile(xs, 50),
    p99: percentile(xs, 99),
    max: Math.max(...xs),
  });
  const reads = first && {
    plans: first.plans,
    now: summary(first.now),
    past: summary(first.past),
    nowAgain: summary(first.nowAgain),
    pastAgain: summary(first.pastAgain),
  };
  process.stdout.write(
    `${JSON.stringify({ ready, fromSnapshot, fromStore, events: runner.index.eventCount, firstReads: reads })}\n`,
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
