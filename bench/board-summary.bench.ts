import Database from 'better-sqlite3';
import { LATEST } from '../projections/live-board-counts.js';
import { boardCounts, summaryItems } from '../projections/runtime/board-queries.js';
import { boardSummary, getPlan } from '../projections/runtime/queries.js';
import { type BenchOptions, type BenchResult, judged, percentile } from './harness.js';
import { formatCount } from './ledger-cache.js';
import { collectGarbage, loadLedger } from './load-index.js';
import { Rng } from './rng.js';

/**
 * Board summary counts (every inspection, one inspection) and one drill-down page, each timed
 * call for call against its baseline in the same run (alternating, so the machine's noise
 * falls on both alike): the counts against the whole summary with every list (the answer
 * before counts became the default), a page of a plan's cell against reading that plan.
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
  const point = () => {
    const asOf = new Date(first + rng.next() * (last - first)).toISOString().slice(0, 10);
    return rng.chance(0.5) ? { asOf } : { asOf, knownAt: asOf };
  };
  const calls = options.smoke ? 6 : options.size >= 1_000_000 ? 60 : 200;
  const pageCalls = options.smoke ? 60 : 2000;

  const timed = (call: () => unknown) => {
    const started = performance.now();
    call();
    return performance.now() - started;
  };
  /** Subject and baseline alternately per input; the first `warm` of each are not recorded. */
  const pair = <T>(inputs: T[], warm: number, subject: (i: T) => unknown, baseline: (i: T) => unknown) => {
    const s: number[] = [];
    const b: number[] = [];
    inputs.forEach((input, n) => {
      const ts = timed(() => subject(input));
      const tb = timed(() => baseline(input));
      if (n >= warm) {
        s.push(ts);
        b.push(tb);
      }
    });
    return { s, b };
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
  collectGarbage();
  const every = pair(
    Array.from({ length: calls }, point),
    3,
    (at) => boardCounts(source, at),
    (at) => boardSummary(source, { ...at, items: 'all' }),
  );
  collectGarbage();
  const everyNow = pair(
    Array.from({ length: calls }, nowPoint),
    3,
    (at) => boardCounts(source, at),
    (at) => boardSummary(source, { ...at, items: 'all' }),
  );
  const bytes = (answer: unknown) => Buffer.byteLength(JSON.stringify(answer));
  const countsBytes = bytes(boardCounts(source, nowPoint()));
  const portfolioBytes = bytes(boardCounts(source, { ...nowPoint(), by: 'portfolio' }));
  const fullBytes = bytes(boardSummary(source, { ...nowPoint(), items: 'all' }));

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
  collectGarbage();
  const oneNow = pair(
    Array.from({ length: calls * 5 }, () => ({ ...nowPoint(), inspectionId: rng.pick(inspections) })),
    10,
    (p) => boardCounts(source, p),
    (p) => boardSummary(source, { ...p, items: 'all' }),
  );

  collectGarbage();
  const columns = ['total', 'completed', 'green', 'amber', 'red'] as const;
  const pageInputs = Array.from({ length: pageCalls }, () => ({ planId: rng.pick(plans), at: point() }));
  const page = pair(
    pageInputs,
    Math.min(100, pageCalls / 5),
    ({ planId, at }) =>
      summaryItems(source, { ...at, planId, row: 'areasForImprovement', column: rng.pick([...columns]) }),
    ({ planId, at }) => {
      try {
        getPlan(source, planId, at);
      } catch {
        // A plan asked about before it opened is a 404: the read cost is what counts.
      }
    },
  );
  await loaded.store.close();

  const size = formatCount(options.size);
  const atTarget = options.size >= 1_000_000;
  const p99 = (xs: number[]) => percentile(xs, 99);
  const p50 = (xs: number[]) => percentile(xs, 50);
  const fmt = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));
  const result = (
    name: string,
    r: { s: number[]; b: number[] },
    label: string,
    limitMs: number,
    notes: string[],
  ): BenchResult => ({
    name,
    size,
    figure: { value: p99(r.s), unit: `ms p99 (p50 ${fmt(p50(r.s))} ms)` },
    baseline: { value: p99(r.b), unit: `ms p99 (p50 ${fmt(p50(r.b))} ms)`, label },
    ratio: p99(r.b) / p99(r.s),
    target: {
      text: `p99 ≤ ${limitMs} ms${atTarget ? ' at 1M' : ' (judged at 1M)'}`,
      met: atTarget ? judged(options, p99(r.s) <= limitMs) : null,
    },
    notes: [...notes, 'ratio = baseline p99 / figure p99, calls alternated one for one'],
  });
  const served = liveCovers
    ? `served from the counts kept on apply (they cover ${future ? `the ledger's latest point, ${latest.d} / ${latest.r}: it runs past today` : 'today and now'})`
    : 'NOT served from the counts kept on apply: the ledger holds facts dated after today, so now is folded too';
  const build = `index build from the log ${(loaded.rebuildMs / 1000).toFixed(1)} s (not in any call)`;
  return [
    result('board summary counts, every inspection, now', everyNow, 'the same summary with every list', 20, [
      `${everyNow.s.length} calls at today/now: ${served}; ${build}`,
      `answer now: ${formatCount(countsBytes)} bytes (a line per inspection, the default; target ≤ 200 KB), ${formatCount(portfolioBytes)} by portfolio, ${formatCount(fullBytes)} with every list`,
    ]),
    result(
      'board summary counts, every inspection, past points',
      every,
      'the same summary with every list',
      20,
      [
        `${every.s.length} calls over ${plans.length} plans, ${index.items.size} items, ${inspections.length} inspections; random asOf, knownAt now or that day: folded from the index`,
      ],
    ),
    result('board summary counts, one inspection, now', oneNow, 'the same summary with every list', 2, [
      `${oneNow.s.length} calls, a random inspection each, at today/now: ${served}`,
    ]),
    result('board summary counts, one inspection, past points', one, 'the same summary with every list', 2, [
      `${one.s.length} calls, a random inspection each at a random point: its own items folded from the index`,
    ]),
    result('drill-down page (≤ 50 items), one plan', page, 'reading the whole plan (getPlan)', 2, [
      `${page.s.length} pages of a random plan's cell (areas for improvement; total, completed, green, amber or red) at random points`,
    ]),
  ];
}
