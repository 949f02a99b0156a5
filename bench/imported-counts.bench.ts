import { BoardCountPoints } from '../projections/board-count-points.js';
import { makeOrder } from '../projections/count-point-order.js';
import { scanAll, sumsByInspection } from '../projections/count-point-sums.js';
import { timeKeys } from '../projections/time-keys.js';
import { type BenchOptions, type BenchResult, judged, percentile } from './harness.js';
import { formatCount } from './ledger-cache.js';
import { collectGarbage, loadLedger } from './load-index.js';
import { Rng } from './rng.js';

const DAY_MS = 86_400_000;

/**
 * The generated ledger's board count points as if its whole history had been imported long
 * after its business days: the same points (business days, inspections, counts, log order),
 * each recorded in one import spread over two days, starting 30 days after the latest instant
 * of the generated ledger. The cached ledger is not touched: the points are copied in memory.
 */
function importedLate(points: BoardCountPoints): { late: BoardCountPoints; importStart: number } {
  const source = points.columns;
  const n = source.length;
  let latest = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < n; p++) latest = Math.max(latest, source.t[p] as number);
  const importStart = latest + 30 * DAY_MS;
  const late = new BoardCountPoints();
  for (const id of points.inspections.ids) late.inspectionNumber(id);
  const c = late.columns;
  c.grow(n);
  c.day.set(source.day.subarray(0, n));
  c.insp.set(source.insp.subarray(0, n));
  c.key.set(source.key.subarray(0, n));
  c.n.set(source.n.subarray(0, n));
  c.stream.set(source.stream.subarray(0, n));
  for (let p = 0; p < n; p++) c.t[p] = importStart + Math.floor((p / Math.max(1, n)) * 2 * DAY_MS);
  c.length = n;
  return { late, importStart };
}

/**
 * Every inspection's board counts at past points on imported history (recorded long after its
 * business days: most count points are "far", count-point-order.ts), call for call against the
 * same calls on the generated ledger as recorded (its points near their business days), in the
 * same run, alternating. Past points as the board summary bench draws them: a business date
 * across the ledger's years, known now half the time, else at that day's end (before the
 * import: nothing known yet). The notes add one pass over every point at the same points (what
 * a "now"-known past read of imported history cost before its far points were kept by day).
 */
export async function importedCounts(options: BenchOptions): Promise<BenchResult> {
  const loaded = await loadLedger(options.size, options.seed, options.log);
  const points = loaded.runner.index.countPoints;
  const { late, importStart } = importedLate(points);
  const inspections = points.inspections.ids.length;
  const columns = points.columns;
  let firstDay = Number.POSITIVE_INFINITY;
  for (let p = 0; p < columns.length; p++) firstDay = Math.min(firstDay, columns.day[p] as number);
  const firstText = String(firstDay);
  const first = Date.parse(
    `${firstText.slice(0, 4)}-${firstText.slice(4, 6)}-${firstText.slice(6, 8)}T00:00:00Z`,
  );
  const now = new Date(importStart + 10 * DAY_MS).toISOString();
  const rng = new Rng(`imported-counts:${options.seed}`);
  const calls = options.smoke ? 6 : 300;
  const queries = Array.from({ length: calls + 10 }, () => {
    const asOf = new Date(first + rng.next() * (importStart - first)).toISOString().slice(0, 10);
    return timeKeys(asOf, rng.chance(0.5) ? now : `${asOf}T23:59:59.999Z`);
  });
  // Both orders made before timing (a server makes them while settling).
  const madeAt = performance.now();
  const lateOrder = makeOrder(late.columns, inspections);
  const madeMs = performance.now() - madeAt;
  makeOrder(columns, inspections);
  sumsByInspection(late, queries[0] as ReturnType<typeof timeKeys>);
  sumsByInspection(points, queries[0] as ReturnType<typeof timeKeys>);
  const subject: number[] = [];
  const baseline: number[] = [];
  const full: number[] = [];
  const timed = (call: () => unknown) => {
    const started = performance.now();
    call();
    return performance.now() - started;
  };
  collectGarbage();
  queries.forEach((at, i) => {
    const s = timed(() => sumsByInspection(late, at));
    const b = timed(() => sumsByInspection(points, at));
    const f = timed(() => scanAll(late, at));
    if (i >= 10) {
      subject.push(s);
      baseline.push(b);
      full.push(f);
    }
  });
  // The answers agree with one pass over every point (a check, not a figure).
  for (const at of queries.slice(0, 20))
    if (sumsByInspection(late, at).join() !== scanAll(late, at).join())
      throw new Error('imported-history counts differ from one pass over every point');
  await loaded.runner.stop({ save: false });
  await loaded.store.close();
  const p99 = percentile(subject, 99);
  const base99 = percentile(baseline, 99);
  const fmt = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));
  return {
    name: 'board summary of every inspection, counts (past points), imported history',
    size: formatCount(options.size),
    figure: { value: p99, unit: `ms p99 (p50 ${fmt(percentile(subject, 50))})` },
    baseline: {
      value: base99,
      unit: `ms p99 (p50 ${fmt(percentile(baseline, 50))})`,
      label: 'the same calls on the ledger as recorded (points near their business days)',
    },
    ratio: base99 / p99,
    target: { text: '≤ 20 ms (as the every-inspection counts row)', met: judged(options, p99 <= 20) },
    notes: [
      `${formatCount(columns.length)} count points; imported: the same points recorded in one import over two days, 30 days after the ledger's latest instant (${lateOrder.farCount} of them far, against ${makeOrder(columns, inspections).farCount} as recorded); ${calls} calls alternating with the baseline's, half known now, half at their day's end (before the import)`,
      `one pass over every imported point at the same points (what a "now"-known read cost before far points were kept by business day): p50 ${fmt(percentile(full, 50))} / p99 ${fmt(percentile(full, 99))} ms; making the imported order took ${madeMs.toFixed(0)} ms, keeping ${(lateOrder.bytes / 2 ** 20).toFixed(1)} MB`,
    ],
  };
}
