import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { CheckpointCodec, UpdateRuns } from './checkpoint-codec.js';
import type { EventColumns } from './event-columns.js';

/** Events between cached folded states. Memory: one state per K events; a read folds < K. */
export const CHECKPOINT_EVERY = 2;

/**
 * A stream's view as it stood just before one of its breaks (see StreamTimeline), kept so that
 * a read whose knownAt falls before that break still costs two binary searches and < K fold
 * steps instead of a replay of the stream. The arrays are the ones the timeline used until
 * the break: a break replaces them rather than editing them, so keeping an epoch copies
 * nothing.
 *
 * An epoch answers for knownAt in [breakMs, minAfterMs): from its own last break on (every
 * earlier event known, the later ones a prefix of its tail), and while none of the events
 * appended after it (the break itself included, whatever its clock said) is known yet.
 */
export interface Epoch {
  /** Rows (in the stream kind's columns) of the facts, in fold order. */
  view: readonly number[];
  tailStart: number;
  /** Cached prefix folds of `view`, as the timeline's codec keeps them; extended lazily by reads. */
  checkpoints: unknown[];
  /** Greatest recordedAt (ms) up to and including the break before this epoch; -∞ if none. */
  breakMs: number;
  /** Greatest recordedAt (ms) of the events this view was made from. */
  maxMs: number;
  /** Least recordedAt (ms) of every event appended after this view. */
  minAfterMs: number;
}

/** Epochs kept per stream (the newest): reads before an older break replay the stream. */
export const MAX_EPOCHS = 8;

/**
 * How many facts of a view count at (knownAt, asOf): a prefix, by two binary searches over
 * the view's rows, keyed by the columns' recordedAt (ms) and business day.
 */
export function prefixLength(
  view: readonly number[],
  columns: EventColumns,
  tailStart: number,
  maxMs: number,
  knownAtMs: number,
  asOfDay: number,
): number {
  const n = view.length;
  const { ms, day } = columns;
  const knownLength = knownAtMs >= maxMs ? n : upperBound(view, ms, tailStart, n, knownAtMs);
  const last = view[knownLength - 1];
  return last === undefined || (day[last] as number) <= asOfDay
    ? knownLength
    : upperBound(view, day, 0, knownLength, asOfDay);
}

/** The business day (key) of a view's last fact; -∞ for an empty view. */
export function lastDayOf(view: readonly number[], columns: EventColumns): number {
  const last = view[view.length - 1];
  return last === undefined ? Number.NEGATIVE_INFINITY : (columns.day[last] as number);
}

/**
 * Fold of view[0 .. length), from the nearest checkpoint (extending `checkpoints` lazily; they
 * are kept as `codec` packs them, see checkpoint-codec.ts). Each row folded is materialized
 * from the columns: a short-lived object per fold step. Progress updates in a row on a state
 * are folded as a run (`UpdateRuns`, when the codec has them: items): only the run's last
 * update's text is read, and a checkpoint due inside the run is packed from its row.
 *
 * Why runs here too: right after a start from a snapshot no checkpoint is kept yet, so a past
 * read folds its streams from their start, and each row folded read its body from the file
 * (≈ 4 in 10 of them progress updates, 1M past plan reads, 2 Dec 2026); settling pays the same.
 */
export function foldPrefix<S>(
  view: readonly number[],
  columns: EventColumns,
  checkpoints: unknown[],
  length: number,
  fold: (state: S | null, event: LedgerEvent) => S | null,
  codec: CheckpointCodec<S>,
): S | null {
  // No per-call closure here: this runs once per item per all-items read.
  const K = CHECKPOINT_EVERY;
  const target = Math.floor(length / K);
  let reached = checkpoints.length - 1;
  let state: S | null = codec.unpack(checkpoints[Math.min(target, reached)] ?? null, columns);
  const start = Math.min(target, reached) * K;
  if (start === length) return state; // a checkpoint is the answer (most all-items reads)
  const updates = codec.updates;
  const update = updates === undefined ? -1 : columns.types.numberIfKnown('UpdatePosted');
  const { type } = columns;
  // The pending run: `run` updates ending at row `runEnd`, not folded into `state` yet.
  let run = 0;
  let runEnd = -1;
  for (let j = start; j < length; j++) {
    const row = view[j] as number;
    if (type[row] === update && state !== null) {
      run++;
      runEnd = row;
    } else {
      if (run > 0) state = (updates as UpdateRuns<S>).fold(state as S, runEnd, run, columns);
      run = 0;
      state = fold(state, columns.fact(row));
    }
    // Past the last checkpoint kept: keep one every K facts, packed from the run's row if pending.
    if (reached < target && j + 1 === (reached + 1) * K) {
      const previous = checkpoints[reached];
      let kept =
        run > 0 ? (updates as UpdateRuns<S>).pack(state as S, previous, runEnd, run, columns) : undefined;
      if (kept === undefined) {
        if (run > 0) state = (updates as UpdateRuns<S>).fold(state as S, runEnd, run, columns);
        run = 0;
        kept = codec.pack(state, previous, view, j + 1, columns);
      }
      checkpoints.push(kept);
      reached++;
    }
  }
  return run > 0 ? (updates as UpdateRuns<S>).fold(state as S, runEnd, run, columns) : state;
}

/** First index in [lo, hi) of `rows`, sorted by `key[row]`, whose key is > `bound`. */
function upperBound(
  rows: readonly number[],
  key: Float64Array | Int32Array,
  lo: number,
  hi: number,
  bound: number,
): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if ((key[rows[mid] as number] as number) <= bound) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** First index of `rows` where `pred` is false, given pred is true then false over the rows. */
export function firstFalse(rows: readonly number[], pred: (row: number) => boolean): number {
  let a = 0;
  let b = rows.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (pred(rows[mid] as number)) a = mid + 1;
    else b = mid;
  }
  return a;
}
