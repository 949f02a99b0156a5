import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoardCountPoints } from '../../projections/board-count-points.js';
import { CODES, SLOTS } from '../../projections/count-codes.js';
import { makeOrder, pointOrderOf } from '../../projections/count-point-order.js';
import { dayNumber } from '../../projections/count-point-order-build.js';
import { scanAll, sumsByInspection } from '../../projections/count-point-sums.js';
import { dayKey } from '../../projections/event-columns.js';
import { timeKeys } from '../../projections/time-keys.js';

const DAY_MS = 86_400_000;
const FIRST = Date.parse('2009-01-01T00:00:00.000Z');
const date = (ms: number) => new Date(ms).toISOString();

/** A point as a test writes it: business day and instant as offsets from FIRST. */
interface Pt {
  day: number;
  /** The instant: the business day's start plus this many minutes (negative: recorded before). */
  lagMinutes: number;
  insp: number;
  code: number;
  n: number;
}

const pt = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  lagMinutes: fc.oneof(
    fc.integer({ min: 0, max: 3 * 1440 }),
    fc.integer({ min: -2 * 1440, max: 90 * 1440 }),
    fc.integer({ min: -800 * 1440, max: 2000 * 1440 }),
  ),
  insp: fc.integer({ min: 0, max: 3 }),
  code: fc.integer({ min: 0, max: CODES - 1 }),
  n: fc.constantFrom(1, 1, -1, 2),
});

/** Count points holding `pts` in that order (4 inspections numbered). */
function pointsOf(pts: readonly Pt[]): BoardCountPoints {
  const points = new BoardCountPoints();
  for (let i = 0; i < 4; i++) points.inspectionNumber(`insp-${i}`);
  append(points, pts);
  return points;
}

function append(points: BoardCountPoints, pts: readonly Pt[]): void {
  const c = points.columns;
  c.grow(c.length + pts.length);
  for (const p of pts) {
    const at = c.length++;
    const dayMs = FIRST + p.day * DAY_MS;
    c.day[at] = dayKey(date(dayMs).slice(0, 10));
    c.t[at] = dayMs + p.lagMinutes * 60_000;
    c.insp[at] = p.insp;
    c.key[at] = 7 * CODES + p.code;
    c.n[at] = p.n;
  }
}

/** A query point: asOf a day, knownAt an instant (offsets from FIRST, minutes for knownAt). */
const query = fc.record({
  asOf: fc.integer({ min: -5, max: 1200 }),
  knownMinutes: fc.integer({ min: -10 * 1440, max: 3000 * 1440 }),
});
const keysOf = (q: { asOf: number; knownMinutes: number }) =>
  timeKeys(date(FIRST + q.asOf * DAY_MS).slice(0, 10), date(FIRST + q.knownMinutes * 60_000));
/** Queries on the points' own edges: asOf one point's day, knownAt another's instant (± a minute). */
const edge = fc.record({
  a: fc.nat(),
  b: fc.nat(),
  dayStep: fc.integer({ min: -1, max: 1 }),
  minuteStep: fc.integer({ min: -1, max: 1 }),
});
const edgeOf = (pts: readonly Pt[], e: { a: number; b: number; dayStep: number; minuteStep: number }) => {
  const a = pts[e.a % pts.length];
  const b = pts[e.b % pts.length];
  return a && b
    ? { asOf: a.day + e.dayStep, knownMinutes: b.day * 1440 + b.lagMinutes + e.minuteStep }
    : { asOf: 0, knownMinutes: 0 };
};

describe('count point order', () => {
  it('numbers days as Date.UTC does', () => {
    const wrong: string[] = [];
    for (let ms = Date.parse('1899-12-25T00:00:00Z'); ms < Date.parse('2101-01-10T00:00:00Z'); ms += DAY_MS)
      if (dayNumber(dayKey(date(ms).slice(0, 10))) !== ms / DAY_MS) wrong.push(date(ms));
    expect(wrong).toEqual([]);
    expect(dayNumber(99991231)).toBe(Date.UTC(9999, 11, 31) / DAY_MS);
  });

  it('given random points, when summed at random points through the order, then equal one pass over every point', () => {
    fc.assert(
      fc.property(
        fc.array(pt, { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.array(query, { minLength: 1, maxLength: 10 }),
        fc.array(edge, { minLength: 1, maxLength: 10 }),
        (pts, block, queries, edges) => {
          const points = pointsOf(pts);
          const order = makeOrder(points.columns, 4, block);
          for (const q of [...queries, ...edges.map((e) => edgeOf(pts, e))]) {
            const out = new Int32Array(4 * SLOTS);
            order.sumInto(out, keysOf(q));
            expect([...out]).toEqual([...scanAll(points, keysOf(q))]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('given points appended after the order was made, then they count, and many of them make the order again', () => {
    fc.assert(
      fc.property(
        fc.array(pt, { maxLength: 100 }),
        fc.array(pt, { maxLength: 100 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (before, after, queries) => {
          const points = pointsOf(before);
          const first = pointOrderOf(points.columns, 4);
          append(points, after);
          for (const q of queries)
            expect([...sumsByInspection(points, keysOf(q))]).toEqual([...scanAll(points, keysOf(q))]);
          expect(pointOrderOf(points.columns, 4)).toBe(first);
        },
      ),
      { numRuns: 100 },
    );
    const points = pointsOf([]);
    const first = pointOrderOf(points.columns, 4);
    append(
      points,
      Array.from({ length: 5000 }, (_, i) => ({
        day: i % 300,
        lagMinutes: i % 7,
        insp: i % 4,
        code: i % 64,
        n: 1,
      })),
    );
    const q = keysOf({ asOf: 150, knownMinutes: 200 * 1440 });
    expect([...sumsByInspection(points, q)]).toEqual([...scanAll(points, q)]);
    const again = pointOrderOf(points.columns, 4);
    expect(again).not.toBe(first);
    expect(again.built).toBe(5000);
  });

  it('given points recorded within days of their business day, then only those apart are read one by one', () => {
    const pts: Pt[] = Array.from({ length: 3000 }, (_, i) => ({
      day: i % 1000,
      lagMinutes: (i % 3) * 1440 + (i === 7 ? 700 * 1440 : 0),
      insp: i % 4,
      code: i % 64,
      n: 1,
    }));
    const order = makeOrder(pointsOf(pts).columns, 4, 256);
    expect(order.width).toBeLessThanOrEqual(3);
  });
});
