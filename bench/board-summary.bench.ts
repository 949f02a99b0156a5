import Database from 'better-sqlite3';
import { makeOrder } from '../projections/count-point-order.js';
import { LATEST } from '../projections/live-board-counts.js';
import { boardCounts, summaryItems } from '../projections/runtime/board-queries.js';
import { boardSummary } from '../projections/runtime/queries.js';
import { type BenchOptions, type BenchResult, judged, percentile } from './harness.js';
import { formatCount } from './ledger-cache.js';
import { collectGarbage, loadLedger } from './load-index.js';
import { Rng } from './rng.js';

/**
 * Board summary counts (every inspection, one inspection) and one drill-down page, each timed
 * call for call against its baseline in the same run (alternating, so the machine's noise
 * falls on both alike): the counts against the whole summary with every list (the answer
 * before counts became the default), a drill-down page against the summary with every list of
 * the cell's inspection (what opening a number cost before pages). Each row also says which of
 * its slow calls overlapped a GC pause and what CPU time they used, so a p99 can be explained.
 */
export async function boardSummaryReads(options: BenchOptions): Promise<BenchResult[]> {
  const loaded = await loadLedger(options.size, options.seed, options.log);
  const source = loaded.runner;
  const index = source.index;
  const rng = new Rng(`board-summary:${options.seed}`);
  const plans = [...index.plans.keys()];
  const inspections = [...index.inspections.keys()];
  // Business dates across the ledger's years; knownAt "now" half the time, else that day's end.
  const days = plans.map((id) => index.planAt(id, LATEST)?.openedOn ?? '2000-01-01').sort();
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const last = Date.now();
  const pointFrom = (r: Rng) => () => {
    const asOf = new Date(first + r.next() * (last - first)).toISOString().slice(0, 10);
    return r.chance(0.5) ? { asOf } : { asOf, knownAt: asOf };
  };
  const point = pointFrom(rng);
  const fmt = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));
  const calls = options.smoke ? 6 : options.size >= 1_000_000 ? 60 : 200;
  // The every-inspection rows take 300 calls at every size (60 at 1M before: its p99 was the
  // slowest call), drawn from a generator of their own at the same spread of points, so the
  // other rows' inputs are the ones they always had.
  const everyCalls = options.smoke ? 6 : 300;
  const everyPoint = pointFrom(new Rng(`board-summary:every:${options.seed}`));
  const pageCalls = options.smoke ? 60 : 2000;

  /** Each call's wall interval (performance.now) and CPU time, so a slow call can be explained. */
  interface Timed {
    s: number[];
    b: number[];
    cpu: number[];
    spans: [number, number][];
  }
  const timed = (call: () => unknown): [number, number, number] => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    call();
    const ended = performance.now();
    const used = process.cpuUsage(cpu);
    return [ended - started, (used.user + used.system) / 1000, started];
  };
  /** Subject and baseline alternately per input; the first `warm` of each are not recorded. */
  const pair = <T>(inputs: T[], warm: number, subject: (i: T) => unknown, baseline: (i: T) => unknown) => {
    const out: Timed = { s: [], b: [], cpu: [], spans: [] };
    inputs.forEach((input, n) => {
      const [ts, cpu, started] = timed(() => subject(input));
      const [tb] = timed(() => baseline(input));
      if (n >= warm) {
        out.s.push(ts);
        out.b.push(tb);
        out.cpu.push(cpu);
        out.spans.push([started, started + ts]);
      }
    });
    return out;
  };
  // Garbage-collection pauses on the same clock as the calls: a slow call that overlaps one
  // waited for the collector (the baseline's garbage as often as its own).
  const pauses: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push([e.startTime, e.startTime + e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  // Entries arrive after the synchronous calls, on a later turn of the loop.
  const flush = () => new Promise((resolve) => setTimeout(resolve, 100));
  /** Of the calls slower than `limit` ms: how many overlapped a GC pause, and their CPU time. */
  const tail = (r: Timed, limit: number): string => {
    const slow = r.s.map((ms, i) => [ms, i] as const).filter(([ms]) => ms > limit);
    const inGc = slow.filter(([, i]) => {
      const [a, b] = r.spans[i] ?? [0, 0];
      return pauses.some(([x, y]) => x < b && y > a);
    });
    const cpuOfSlow = slow.map(([, i]) => r.cpu[i] ?? 0);
    return (
      `CPU time per call p50 ${fmt(percentile(r.cpu, 50))} / p99 ${fmt(percentile(r.cpu, 99))} ms; ` +
      `${slow.length} of ${r.s.length} calls over ${limit} ms wall, ${inGc.length} of them overlapping a GC pause (${pauses.length} pauses in the run, longest ${fmt(Math.max(0, ...pauses.map(([x, y]) => y - x)))} ms)` +
      (slow.length > 0
        ? `; their CPU time: median ${fmt(percentile(cpuOfSlow, 50))}, max ${fmt(Math.max(...cpuOfSlow))} ms (the rest of their wall time: waiting for a core or a pause)`
        : '')
    );
  };

  // "Now" (no asOf/knownAt: today and now, what a dashboard polls) is served from the counts
  // kept on apply; a past point is folded from the index. Both are timed, apart.
  // A generated ledger can run past today: then its latest point stands in for "now".
  const db = new Database(loaded.path, { readonly: true });
  const latest = db.prepare('SELECT MAX(effective_on) AS d, MAX(recorded_at) AS r FROM events').get() as {
    d: string;
    r: string;
  };
  db.close();
  const today = { asOf: new Date().toISOString().slice(0, 10), knownAt: new Date().toISOString() };
  const future = latest.d > today.asOf || latest.r > today.knownAt;
  const nowPoint = () => (future ? { asOf: latest.d, knownAt: latest.r } : {});
  const liveCovers = source.counts?.covers(future ? { asOf: latest.d, knownAt: latest.r } : today) ?? false;
  await flush();
  collectGarbage();
  const every = pair(
    Array.from({ length: everyCalls }, everyPoint),
    3,
    (at) => boardCounts(source, at),
    (at) => boardSummary(source, { ...at, items: 'all' }),
  );
  await flush();
  collectGarbage();
  const everyNow = pair(
    Array.from({ length: everyCalls }, nowPoint),
    3,
    (at) => boardCounts(source, at),
    (at) => boardSummary(source, { ...at, items: 'all' }),
  );
  const bytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer));
  const countsBytes = bytes(boardCounts(source, nowPoint()));
  const portfolioBytes = bytes(boardCounts(source, { ...nowPoint(), by: 'portfolio' }));
  const fullBytes = bytes(boardSummary(source, { ...nowPoint(), items: 'all' }));

  await flush();
  collectGarbage();
  const oneInputs = Array.from({ length: calls * 5 }, () => ({
    ...point(),
    inspectionId: rng.pick(inspections),
  }));
  const one = pair(
    oneInputs,
    10,
    (p) => boardCounts(source, p),
    (p) => boardSummary(source, { ...p, items: 'all' }),
  );
  await flush();
  collectGarbage();
  const oneNow = pair(
    Array.from({ length: calls * 5 }, () => ({ ...nowPoint(), inspectionId: rng.pick(inspections) })),
    10,
    (p) => boardCounts(source, p),
    (p) => boardSummary(source, { ...p, items: 'all' }),
  );

  await flush();
  collectGarbage();
  const columns = ['total', 'completed', 'green', 'amber', 'red'] as const;
  // What the dashboard asks when a number is opened: half one portfolio's cell, half the
  // "All portfolios" cell of one inspection; baseline: that inspection's summary with every list.
  const pageInputs = Array.from({ length: pageCalls }, () => {
    const planId = rng.pick(plans);
    const inspectionId = index.planAt(planId, LATEST)?.inspectionId ?? rng.pick(inspections);
    return {
      at: point(),
      inspectionId,
      ...(rng.chance(0.5) && { planId }),
      row: 'areasForImprovement' as const,
      column: rng.pick([...columns]),
    };
  });
  const pageSizes: number[] = [];
  const page = pair(
    pageInputs,
    Math.min(100, pageCalls / 5),
    ({ at, ...cell }) => pageSizes.push(summaryItems(source, { ...at, ...cell, limit: 50 }).items.length),
    ({ at, inspectionId }) => boardSummary(source, { ...at, inspectionId, items: 'all' }),
  );
  await flush();
  observer.disconnect();
  // The points' order the every-inspection past sums read: made while settling (inside the
  // build above); made once more here to time it (work a start or a rebuild pays, off reads).
  const inspectionCount = index.countPoints.inspections.ids.length;
  const orderCpu = process.cpuUsage();
  const orderStarted = performance.now();
  const order = makeOrder(index.countPoints.columns, inspectionCount);
  const orderMs = performance.now() - orderStarted;
  const orderCpuUsed = process.cpuUsage(orderCpu);
  const orderCpuMs = (orderCpuUsed.user + orderCpuUsed.system) / 1000;
  await loaded.store.close();

  const size = formatCount(options.size);
  const atTarget = options.size >= 1_000_000;
  const p99 = (xs: number[]) => percentile(xs, 99);
  const p50 = (xs: number[]) => percentile(xs, 50);
  const result = (name: string, r: Timed, label: string, limitMs: number, notes: string[]): BenchResult => ({
    name,
    size,
    figure: { value: p99(r.s), unit: `ms p99 (p50 ${fmt(p50(r.s))} ms, ${r.s.length} calls)` },
    baseline: { value: p99(r.b), unit: `ms p99 (p50 ${fmt(p50(r.b))} ms)`, label },
    ratio: p99(r.b) / p99(r.s),
    target: {
      text: `p99 ≤ ${limitMs} ms${atTarget ? ' at 1M' : ' (judged at 1M)'}`,
      met: atTarget ? judged(options, p99(r.s) <= limitMs) : null,
    },
    notes: [...notes, tail(r, limitMs), 'ratio = baseline p99 / figure p99, calls alternated one for one'],
  });
  const served = liveCovers
    ? `served from the counts kept on apply (they cover ${future ? `the ledger's latest point, ${latest.d} / ${latest.r}: it runs past today` : 'today and now'})`
    : 'NOT served from the counts kept on apply: the ledger holds facts dated after today, so now is folded too';
  const build = `index build from the log ${(loaded.rebuildMs / 1000).toFixed(1)} s (not in any call)`;
  const cp = index.countPoints;
  const pointBytes = cp.columns.length * (4 + 8 + 4 + 4 + 2 + 4);
  const meanPage = pageSizes.reduce((a, b) => a + b, 0) / Math.max(1, pageSizes.length);
  // Names and targets as in issue 14's table; "now" and past points are rows of their own.
  return [
    result(
      'board summary of every inspection, counts (now)',
      everyNow,
      'the same summary with every list',
      20,
      [
        `${everyNow.s.length} calls at today/now: ${served}; ${build}`,
        `answer now: ${formatCount(countsBytes)} bytes (a line per inspection, the default; target ≤ 200 KB), ${formatCount(portfolioBytes)} by portfolio, ${formatCount(fullBytes)} with every list`,
      ],
    ),
    result(
      'board summary of every inspection, counts (past points)',
      every,
      'the same summary with every list',
      20,
      [
        `${every.s.length} calls over ${plans.length} plans, ${index.items.size} items, ${inspections.length} inspections; random asOf, knownAt now or that day: summed from the index's count points (${formatCount(cp.columns.length)} points, ${(pointBytes / 1e6).toFixed(1)} MB of columns; made during the build)`,
        `read through the points' order (projections/count-point-order.ts; made while settling, inside the build): near window ${order.width} days, ${formatCount(order.farCount)} far points, ${(order.bytes / 1e6).toFixed(1)} MB kept; made again here in ${orderMs.toFixed(0)} ms wall, ${orderCpuMs.toFixed(0)} ms CPU (the settling makes it in steps of 65,536 points)`,
      ],
    ),
    result('board summary of one inspection, counts (now)', oneNow, 'the same summary with every list', 2, [
      `${oneNow.s.length} calls, a random inspection each, at today/now: ${served}`,
    ]),
    result(
      'board summary of one inspection, counts (past points)',
      one,
      'the same summary with every list',
      2,
      [
        `${one.s.length} calls, a random inspection each at a random point: summed from its own count points, a planAt per plan`,
      ],
    ),
    result('one drill-down page (50 items)', page, "the cell's inspection summary with every list", 2, [
      `${page.s.length} pages (limit 50) at random points, areas for improvement, total/completed/green/amber/red: half one portfolio's cell, half one inspection's All portfolios cell; items per page: mean ${meanPage.toFixed(1)}, max ${Math.max(0, ...pageSizes)} (no generated cell of one inspection holds more than ${Math.max(0, ...pageSizes)})`,
    ]),
  ];
}
