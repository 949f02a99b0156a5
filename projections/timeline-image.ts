import type { EventColumns } from './event-columns.js';
import { type Finish, type Fold, StreamTimeline } from './stream-timeline.js';
import type { Epoch } from './timeline-epochs.js';

/** One of a stream's epochs as a snapshot saves it: its view as rows, and its marks. */
export interface SavedEpoch {
  view: number[];
  tailStart: number;
  breakMs: number;
  maxMs: number;
  minAfterMs: number;
}

/** One stream of a snapshot: its rows, its view and its last epochs, as row numbers. */
export interface SavedTimeline {
  /** The stream's number in its columns' stream table. */
  stream: number;
  rows: number[];
  view: number[];
  tailStart: number;
  breakMs: number;
  /** The fold of the whole view, when it was known (JSON: the views are plain data). */
  current?: unknown;
  /** Or, restored from a snapshot, where to get it (read and parsed when first asked for). */
  savedCurrent?: () => unknown;
  epochs: SavedEpoch[];
}

/**
 * What a snapshot keeps of a timeline: rows and structure, and the fold of its whole view
 * (states are never edited, so sharing it is safe; a start then answers "now" without folding
 * every stream again), no other folded state (`settle` refills those). The arrays are taken
 * with their current length: rows are only ever appended and a break replaces the view rather
 * than editing it, so the capture stays true while events keep arriving and a background
 * writer serializes it.
 */
export function captureTimeline<S>(timeline: StreamTimeline<S>): SavedTimeline {
  const parts = timeline.parts();
  return {
    stream: timeline.stream,
    rows: parts.rows,
    view: parts.view,
    tailStart: parts.tailStart,
    breakMs: parts.breakMs,
    ...(parts.current === null ? {} : { current: 'state' in parts.current ? parts.current.state : null }),
    epochs: parts.epochs.map((e) => ({
      view: e.view as number[],
      tailStart: e.tailStart,
      breakMs: e.breakMs,
      maxMs: e.maxMs,
      minAfterMs: e.minAfterMs,
    })),
  };
}

/** A timeline as a snapshot saved it (see `captureTimeline`). */
export function restoreTimeline<S>(
  columns: EventColumns,
  saved: SavedTimeline,
  fold: Fold<S>,
  finish?: Finish<S>,
): StreamTimeline<S> {
  return StreamTimeline.fromParts(columns, saved.stream, fold, finish, {
    // One array for both while they hold the same rows (a stream with no break yet).
    rows: sameRows(saved.rows, saved.view) ? saved.view : saved.rows,
    view: saved.view,
    tailStart: saved.tailStart,
    breakMs: saved.breakMs,
    current:
      saved.savedCurrent !== undefined
        ? { saved: saved.savedCurrent as () => S | null }
        : saved.current === undefined
          ? null
          : { state: saved.current as S | null },
    epochs: saved.epochs.map((e) => ({
      ...e,
      checkpoints: [null],
    })),
  });
}

/**
 * A run of timelines as a snapshot writes them: every row list (rows, view, each epoch's view)
 * in one Int32Array, the "now" folds in a list of their own, and the rest as JSON-ready data
 * (`[id, stream, rows, view, tailStart, breakMs, epochs, 1 when a "now" fold was saved]`, each epoch `[view, tailStart, breakMs, maxMs, minAfterMs]`, lists
 * by length). Parsing row numbers out of JSON arrays was a large part of a start; a background
 * writer serializes one run at a time and yields between runs.
 */
export function packTimelines(timelines: readonly [string, SavedTimeline][]): {
  rows: Int32Array;
  meta: unknown[];
  now: unknown[];
} {
  const now: unknown[] = [];
  let total = 0;
  for (const [, t] of timelines) {
    total += t.rows.length + t.view.length;
    for (const e of t.epochs) total += e.view.length;
  }
  const rows = new Int32Array(total);
  let at = 0;
  const put = (list: readonly number[]): number => {
    for (let i = 0; i < list.length; i++) rows[at + i] = list[i] as number;
    at += list.length;
    return list.length;
  };
  const meta = timelines.map(([id, t]) => {
    const entry: unknown[] = [
      id,
      t.stream,
      put(t.rows),
      put(t.view),
      t.tailStart,
      finite(t.breakMs),
      t.epochs.map((e) => [
        put(e.view),
        e.tailStart,
        finite(e.breakMs),
        finite(e.maxMs),
        finite(e.minAfterMs),
      ]),
    ];
    // The "now" folds go in a list of their own, parsed only when first asked for.
    if (t.current !== undefined) {
      entry.push(1);
      now.push(t.current);
    }
    return entry;
  });
  return { rows, meta, now };
}

/**
 * The timelines `packTimelines` wrote; throws when the parts do not fit together. `now(i)`
 * gives the i-th saved "now" fold, and is called when a timeline first needs it.
 */
export function unpackTimelines(
  meta: unknown,
  rows: Int32Array,
  now: (i: number) => unknown,
): [string, SavedTimeline][] {
  let saved = 0;
  if (!Array.isArray(meta)) throw new Error('the timelines are not a list');
  let at = 0;
  const take = (length: unknown): number[] => {
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || at + length > rows.length)
      throw new Error('the timelines do not match their rows');
    const list: number[] = [];
    for (let i = at; i < at + length; i++) list.push(rows[i] as number);
    at += length;
    return list;
  };
  const out = meta.map((entry): [string, SavedTimeline] => {
    const [id, stream, rowCount, viewCount, tailStart, breakMs, epochs, ...current] = entry as [
      string,
      number,
      number,
      number,
      number,
      number | null,
      [number, number, number | null, number | null, number | null][],
      ...unknown[],
    ];
    const timeline: SavedTimeline = {
      stream,
      rows: take(rowCount),
      view: take(viewCount),
      tailStart,
      breakMs: infinite(breakMs),
      epochs: epochs.map(([viewLength, epochTail, epochBreak, maxMs, minAfterMs]) => ({
        view: take(viewLength),
        tailStart: epochTail,
        breakMs: infinite(epochBreak),
        maxMs: infinite(maxMs),
        minAfterMs: minAfterMs ?? Number.POSITIVE_INFINITY,
      })),
    };
    if (current[0] === 1) {
      const i = saved++;
      timeline.savedCurrent = () => now(i);
    }
    return [id, timeline];
  });
  if (at !== rows.length) throw new Error('the timelines do not match their rows');
  return out;
}

/** True when two row lists hold the same rows in the same order. */
function sameRows(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ±∞ (no break yet, nothing after) has no JSON spelling: it is written as null. */
const finite = (n: number): number | null => (Number.isFinite(n) ? n : null);
const infinite = (n: number | null): number => n ?? Number.NEGATIVE_INFINITY;

/** What a snapshot keeps of a timeline (`StreamTimeline.parts`; the saved form is `SavedTimeline`). */
export interface TimelineParts<S> {
  rows: number[];
  view: number[];
  tailStart: number;
  breakMs: number;
  /**
   * The fold of the whole view, when it is known: the state, or (restored from a snapshot)
   * where to get it when first asked for.
   */
  current: { state: S | null } | { saved: () => S | null } | null;
  epochs: Epoch[];
}
