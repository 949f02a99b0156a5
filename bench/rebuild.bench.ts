import Database from 'better-sqlite3';
import { ProjectionRunner } from '../projections/runtime/runner.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { alternate, type BenchOptions, type BenchResult, judged, rate, spread } from './harness.js';
import { ensureLedger, formatCount } from './ledger-cache.js';
import { collectGarbage } from './load-index.js';

/**
 * Baseline: read every row of the log with better-sqlite3 (the same columns the store
 * selects) and JSON.parse its payload, nothing else. It is the floor any rebuild pays: the
 * ledger's own cost on top is row decoding and validation, upcasting, and the projection folds.
 */
function readAndParse(path: string): number {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(
    `SELECT position, event_id, stream_id, revision, type, schema_version, effective_on, recorded_at,
      actor, correlation_id, causation_id, data, prev_hash, hash FROM events ORDER BY position`,
  );
  let count = 0;
  let sink = 0;
  const started = performance.now();
  for (const row of rows.iterate() as Iterable<{ data: string }>) {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    if (data !== null) sink++;
    count++;
  }
  const elapsed = performance.now() - started;
  db.close();
  if (sink !== count) throw new Error('unreachable: keeps the parse from being optimised away');
  return rate(count, elapsed);
}

/** Rebuild of every projection from position 0, through the projection runner (in memory). */
export async function rebuild(options: BenchOptions): Promise<BenchResult> {
  const path = ensureLedger(options.size, options.seed, options.log);
  const store = openSqliteStore({ path });
  const repeats = options.size >= 1_000_000 ? Math.min(options.repeats, 3) : options.repeats;
  const subject = async () => {
    collectGarbage();
    const runner = new ProjectionRunner({ store, dataDir: null });
    const started = performance.now();
    await runner.rebuild();
    const elapsed = performance.now() - started;
    const applied = runner.index.eventCount;
    if (applied !== options.size) throw new Error(`rebuild applied ${applied} of ${options.size} events`);
    return rate(applied, elapsed);
  };
  const result = await alternate(
    repeats,
    () => {
      collectGarbage();
      return readAndParse(path);
    },
    subject,
  );
  await store.close();
  const ratio = result.subject / result.baseline;
  return {
    name: 'rebuild from the log',
    size: formatCount(options.size),
    figure: { value: result.subject, unit: 'events/s' },
    baseline: {
      value: result.baseline,
      unit: 'rows/s',
      label: 'read + JSON.parse (the same rows, better-sqlite3)',
    },
    ratio,
    target: {
      text: '≥ 150,000 events/s and ≥ 50% of read + JSON.parse',
      met: judged(options, ratio >= 0.5 && result.subject >= 150_000),
    },
    notes: [
      `ProjectionRunner.rebuild() from position 0 into a fresh as-of index (no snapshot written); ${repeats} alternating rounds`,
      `runs (events/s): ${spread(result.subjects)}; baseline runs (rows/s): ${spread(result.baselines)}`,
    ],
  };
}
