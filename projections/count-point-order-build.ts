import { CODES, SLOTS, SLOTS_OF } from './count-codes.js';
import type { PointColumns } from './count-point-columns.js';

/** Making the order of the count points (count-point-order.ts), in steps a caller can space out. */

export const DAY_MS = 86_400_000;
/** Widest near window considered (days); points further apart are always far. */
const MAX_WIDTH = 400;
/** Points handled between two steps. */
const STEP = 65_536;
/** Near points between two kept sums: a sixteenth of them, at least 4,096. */
const blockFor = (points: number) => Math.max(4096, Math.ceil(points / 16));

/** What an order keeps (see PointOrder). */
export interface OrderParts {
  built: number;
  width: number;
  block: number;
  near: Int32Array;
  nearStarts: Int32Array;
  nearMin: number;
  far: Int32Array;
  farStarts: Int32Array;
  farMin: number;
  sums: Int32Array[];
  /**
   * The far points again, by business day (`farDayStarts` from day number `farDayMin`), with
   * the running sums every `block` of them: at a knownAt after every far point's instant
   * (`farLastMs`; imported history read "as now known") they are counted by day alone.
   */
  farByDay: Int32Array;
  farDayStarts: Int32Array;
  farDayMin: number;
  farLastMs: number;
  farSums: Int32Array[];
}

/** Days since 1970-01-01 of a YYYYMMDD number (proleptic Gregorian, no Date object). */
export function dayNumber(key: number): number {
  const m = Math.floor(key / 100) % 100;
  const d = key % 100;
  const y = Math.floor(key / 10_000) - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** Adds `n` placements of code `code` to inspection `i`'s slots in `into`. */
export function addSlots(into: Int32Array, i: number, code: number, n: number): void {
  const base = i * SLOTS;
  for (let s = code * 6, end = s + 6; s < end; s++) {
    const slot = SLOTS_OF[s] as number;
    if (slot < 0) return;
    into[base + slot] = (into[base + slot] as number) + n;
  }
}

/**
 * Orders the first `columns.length` points (later ones are left to the reader), yielding every
 * `STEP` points of work: at 1M events ≈ 360,000 points, tens of milliseconds in all.
 */
export function* orderSteps(
  columns: PointColumns,
  inspections: number,
  block = blockFor(columns.length),
): Generator<void, OrderParts> {
  const { length } = columns;
  const dayNo = new Int32Array(length);
  const tDay = new Int32Array(length);
  const lags = new Int32Array(MAX_WIDTH + 2);
  const span = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  // The loops are plain functions called a step at a time: a loop inside a generator runs
  // several times slower.
  for (let from = 0; from < length; from += STEP) {
    readDays(columns, from, Math.min(length, from + STEP), dayNo, tDay, lags, span);
    yield;
  }
  const [lo = 0, hi = 0] = span;
  const width = chooseWidth(lags, length, length === 0 ? 1 : hi - lo + 1);
  const far = new Uint8Array(length);
  const farCount = markFar(dayNo, tDay, width, far);
  yield;
  const near = byKey(dayNo, far, 0, length - farCount);
  yield;
  const farOrder = byKey(tDay, far, 1, farCount);
  yield;
  // Far points keep their business day's number (markFar changed the near ones' only).
  const farDays = byKey(dayNo, far, 1, farCount);
  yield;
  const sums = yield* runningSums(columns, near.order, block, inspections);
  const farSums = yield* runningSums(columns, farDays.order, block, inspections);
  return {
    built: length,
    width,
    block,
    near: near.order,
    nearStarts: near.starts,
    nearMin: near.min,
    far: farOrder.order,
    farStarts: farOrder.starts,
    farMin: farOrder.min,
    sums,
    farByDay: farDays.order,
    farDayStarts: farDays.starts,
    farDayMin: farDays.min,
    farLastMs: lastInstant(columns, farOrder.order),
    farSums,
  };
}

/** The sums of `order`'s points before every `block`-th (the last block's own are read one by one). */
function* runningSums(
  columns: PointColumns,
  order: Int32Array,
  block: number,
  inspections: number,
): Generator<void, Int32Array[]> {
  const sums: Int32Array[] = [];
  const running = new Int32Array(inspections * SLOTS);
  for (let from = 0; from + block < order.length; from += block) {
    sumNear(columns, order, from, from + block, running);
    sums.push(running.slice());
    yield;
  }
  return sums;
}

/** The latest instant of the points (-∞ for none). */
function lastInstant(columns: PointColumns, points: Int32Array): number {
  let last = Number.NEGATIVE_INFINITY;
  for (let q = 0; q < points.length; q++) last = Math.max(last, columns.t[points[q] as number] as number);
  return last;
}

/** Each point's day number and instant's day from `from` to `to`, their distance tallied. */
function readDays(
  columns: PointColumns,
  from: number,
  to: number,
  dayNo: Int32Array,
  tDay: Int32Array,
  lags: Int32Array,
  span: number[],
): void {
  const { day, t } = columns;
  let lo = span[0] as number;
  let hi = span[1] as number;
  for (let p = from; p < to; p++) {
    const d = dayNumber(day[p] as number);
    const td = Math.floor((t[p] as number) / DAY_MS);
    dayNo[p] = d;
    tDay[p] = td;
    const lag = Math.min(MAX_WIDTH + 1, Math.abs(td - d));
    lags[lag] = (lags[lag] as number) + 1;
    lo = Math.min(lo, d, td);
    hi = Math.max(hi, d, td);
  }
  span[0] = lo;
  span[1] = hi;
}

/**
 * Marks the far points (days more than `width` apart) and counts them; a near point's day
 * number becomes the later of its two days (its place in the order).
 */
function markFar(dayNo: Int32Array, tDay: Int32Array, width: number, far: Uint8Array): number {
  let farCount = 0;
  for (let p = 0; p < dayNo.length; p++) {
    const d = dayNo[p] as number;
    const td = tDay[p] as number;
    if (Math.abs(td - d) > width) {
      far[p] = 1;
      farCount++;
    } else if (td > d) dayNo[p] = td;
  }
  return farCount;
}

/** Adds the points `order[from, to)` to the running sums. */
function sumNear(
  columns: PointColumns,
  order: Int32Array,
  from: number,
  to: number,
  running: Int32Array,
): void {
  const { insp, key, n } = columns;
  for (let q = from; q < to; q++) {
    const p = order[q] as number;
    const i = insp[p] as number;
    if (i >= 0) addSlots(running, i, (key[p] as number) & (CODES - 1), n[p] as number);
  }
}

/**
 * Counting sort of the positions whose `far` flag is `want`, by `keys` (small integers);
 * `starts[k - min]` is the first position of key k.
 */
function byKey(
  keys: Int32Array,
  far: Uint8Array,
  want: number,
  total: number,
): { order: Int32Array; starts: Int32Array; min: number } {
  if (total === 0) return { order: new Int32Array(0), starts: new Int32Array(1), min: 0 };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < keys.length; i++)
    if (far[i] === want) {
      const k = keys[i] as number;
      if (k < min) min = k;
      if (k > max) max = k;
    }
  const starts = new Int32Array(max - min + 2);
  for (let i = 0; i < keys.length; i++)
    if (far[i] === want) {
      const at = (keys[i] as number) - min + 1;
      starts[at] = (starts[at] as number) + 1;
    }
  for (let k = 1; k < starts.length; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number);
  const next = starts.slice(0, starts.length - 1);
  const order = new Int32Array(total);
  for (let i = 0; i < keys.length; i++)
    if (far[i] === want) {
      const at = (keys[i] as number) - min;
      const q = next[at] as number;
      order[q] = i;
      next[at] = q + 1;
    }
  return { order, starts, min };
}

/**
 * The near window's width (days) that reads the fewest points at a query: the far points
 * (read at every query) plus the near points of `width + 1` days at the ledger's mean density.
 */
function chooseWidth(lags: Int32Array, points: number, spanDays: number): number {
  const perDay = points / spanDays;
  let far = points;
  let best = 0;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let w = 0; w <= MAX_WIDTH; w++) {
    far -= lags[w] as number;
    const cost = far + (w + 1) * perDay;
    if (cost < bestCost) {
      bestCost = cost;
      best = w;
    }
  }
  return best;
}
