import type { BoardCountPoints } from './board-count-points.js';
import { CODES } from './count-codes.js';
import type { PointColumns } from './count-point-columns.js';
import { addSlots, DAY_MS, dayNumber, type OrderParts, orderSteps } from './count-point-order-build.js';
import type { TimeKeys } from './time-keys.js';

/**
 * The board count points (board-count-points.ts) ordered so that every inspection's sums at a
 * past point read a few thousand of them instead of all (docs/architecture.md, "Board counts at
 * any time point"). A point counts at (asOf, knownAt) when its business day is on or before
 * asOf and its instant on or before knownAt. Most points are recorded within days of their
 * business day, so:
 *
 * - a point is **near** when its business day and the day of its instant are at most `width`
 *   days apart, else **far**;
 * - near points are sorted by the later of the two (`m`, in whole days) and every `BLOCK` of
 *   them the running sums are kept: every near point with `m` before the day of
 *   e = min(asOf's end, knownAt) counts, and is read from the sums (plus at most half a block:
 *   sixteen sums, so ≈ 1.3 MB for 1,100 inspections);
 * - near points with `m` from that day to `width` days after are checked one by one: a point
 *   that counts and lies further on would have its two days more than `width` apart;
 * - far points are sorted by the day of their instant and checked one by one up to knownAt;
 *   at a knownAt after the last of them (imported history, recorded long after its business
 *   days and read "as now known": most of its points are far) they all count by business day
 *   alone, and are read as the near ones are, from a second order by business day with its
 *   own running sums every `BLOCK` (at most as many sums again), not one by one.
 *
 * Points are appended, never changed: points appended after the order was made are checked
 * one by one, and the order is made again once they are more than an eighth of it. `width`
 * is chosen when the order is made, to read the fewest points over the ledger's own spread.
 */

/** Position of the first entry whose key is `key` or more. */
function firstFrom(starts: Int32Array, min: number, key: number): number {
  const at = key - min;
  if (at <= 0) return 0;
  return at >= starts.length ? (starts[starts.length - 1] as number) : (starts[at] as number);
}

export class PointOrder {
  /** Points [0, built) are ordered; later ones are checked one by one. */
  readonly built: number;
  readonly width: number;
  private readonly parts: OrderParts;

  constructor(
    private readonly columns: PointColumns,
    parts: OrderParts,
  ) {
    this.parts = parts;
    this.built = parts.built;
    this.width = parts.width;
  }

  /** How many points are far (checked one by one at every read up to knownAt). */
  get farCount(): number {
    return this.parts.far.length;
  }

  /** Bytes this order keeps beside the points. */
  get bytes(): number {
    const { near, nearStarts, far, farStarts, sums, farByDay, farDayStarts, farSums } = this.parts;
    const kept = [...sums, ...farSums].reduce((a, s) => a + s.byteLength, 0);
    const far2 = farByDay.byteLength + farDayStarts.byteLength;
    return near.byteLength + nearStarts.byteLength + far.byteLength + farStarts.byteLength + far2 + kept;
  }

  /** Whether points appended since are few enough to check one by one. */
  fresh(length: number): boolean {
    return length - this.built <= Math.max(4096, this.built / 8);
  }

  /** Every inspection's slots (`SLOTS` per inspection number) at `at`, into `out` (zeroed). */
  sumInto(out: Int32Array, at: TimeKeys): void {
    const { asOfDay, knownAtMs } = at;
    const { day, t, insp, key, n, length } = this.columns;
    const { near, nearStarts, nearMin, far, farStarts, farMin, sums, block, width } = this.parts;
    const counts = (p: number) => (day[p] as number) <= asOfDay && (t[p] as number) <= knownAtMs;
    const add = (p: number, sign: number) => {
      const i = insp[p] as number;
      if (i >= 0) addSlots(out, i, (key[p] as number) & (CODES - 1), sign * (n[p] as number));
    };
    const kDay = Math.floor(knownAtMs / DAY_MS);
    const eDay = Math.min(dayNumber(asOfDay), kDay);
    // Near points before eDay all count: the closest kept sums, then the points between.
    const lo = firstFrom(nearStarts, nearMin, eDay);
    const j = Math.min(Math.round(lo / block), sums.length);
    const base = j >= 1 ? sums[j - 1] : undefined;
    if (base) out.set(base);
    const from = base ? j * block : 0;
    for (let q = from; q < lo; q++) add(near[q] as number, 1);
    for (let q = lo; q < from; q++) add(near[q] as number, -1);
    // Near points up to `width` days later, each checked.
    const hi = firstFrom(nearStarts, nearMin, eDay + width + 1);
    for (let q = lo; q < hi; q++) {
      const p = near[q] as number;
      if (counts(p)) add(p, 1);
    }
    if (knownAtMs >= this.parts.farLastMs) {
      // Every far point known: those of business days to asOf count, read as near ones are.
      this.farByDay(out, dayNumber(asOfDay), add);
    } else {
      // Far points recorded by knownAt's day, each checked.
      const farEnd = firstFrom(farStarts, farMin, kDay + 1);
      for (let q = 0; q < farEnd; q++) {
        const p = far[q] as number;
        if (counts(p)) add(p, 1);
      }
    }
    // Points appended since the order was made.
    for (let p = this.built; p < length; p++) if (counts(p)) add(p, 1);
  }

  /** Adds the far points of business days to `lastDay` (a day number): the closest kept sums, then those between. */
  private farByDay(out: Int32Array, lastDay: number, add: (p: number, sign: number) => void): void {
    const { farByDay, farDayStarts, farDayMin, farSums, block } = this.parts;
    const hi = firstFrom(farDayStarts, farDayMin, lastDay + 1);
    const j = Math.min(Math.round(hi / block), farSums.length);
    const base = j >= 1 ? farSums[j - 1] : undefined;
    if (base) for (let s = 0; s < base.length; s++) out[s] = (out[s] as number) + (base[s] as number);
    const from = base ? j * block : 0;
    for (let q = from; q < hi; q++) add(farByDay[q] as number, 1);
    for (let q = hi; q < from; q++) add(farByDay[q] as number, -1);
  }
}

/** Makes the order of `columns` at once (`block`: near points between two kept sums). */
export function makeOrder(columns: PointColumns, inspections: number, block?: number): PointOrder {
  const steps = orderSteps(columns, inspections, block);
  for (;;) {
    const step = steps.next();
    if (step.done) return new PointOrder(columns, step.value);
  }
}

const orders = new WeakMap<PointColumns, PointOrder>();

/**
 * The order of `columns`: the one made while settling, else made now (and again once many
 * points were appended since); `inspections` is how many inspections are numbered.
 */
export function pointOrderOf(columns: PointColumns, inspections: number): PointOrder {
  let order = orders.get(columns);
  if (!order?.fresh(columns.length)) {
    order = makeOrder(columns, inspections);
    orders.set(columns, order);
  }
  return order;
}

/**
 * Makes the order of `points` in steps (the index's settling yields between them), unless a
 * fresh one is kept, so the first past-point sum after a start or a rebuild does not make it.
 */
export function* orderingPoints(points: BoardCountPoints): Generator<void> {
  const { columns } = points;
  if (orders.get(columns)?.fresh(columns.length)) return;
  const parts = yield* orderSteps(columns, points.inspections.ids.length);
  orders.set(columns, new PointOrder(columns, parts));
}
