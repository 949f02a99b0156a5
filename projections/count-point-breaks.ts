/** The count points after a break: a stream whose events did not land in order is re-read and its points made right. */
import { sameKeys } from './count-codes.js';
import type { PointColumns } from './count-point-columns.js';
import { LATEST, LATEST_AS_OF, LATEST_KNOWN, type StreamState, type Timeline } from './count-point-stream.js';
import { dayKey } from './event-columns.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { TimeKeys } from './stream-timeline.js';

/** What re-reading a stream needs of the count points (BoardCountPoints). */
export interface CountPointWriter {
  readonly columns: PointColumns;
  /** The stream's keys at one point, read from the index (and its inspection, once known). */
  keysAt(s: StreamState, timeline: Timeline, asOf: string, knownAt: string, keys: TimeKeys): number[];
  /** The stream's keys in one of its states. */
  keysOf(s: StreamState, state: ItemView | PlanView | null): number[];
  /** Appends one point (and files it under its stream, inspection and plan). */
  push(day: number, t: number, s: StreamState, key: number, n: number): void;
}

/**
 * A break at `t`: adds the difference between the step function now and its points' sum.
 * A fact back-dated to `fromDay` (not a correction) changes the function from that day on
 * only, and the points before it already sum to it: only the days from `fromDay` are re-read
 * (a rebuild meets one such fact in about twenty events, mostly a few days back).
 */
export function rediff(
  points: CountPointWriter,
  s: StreamState,
  timeline: Timeline,
  t: number,
  fromDay = Number.NEGATIVE_INFINITY,
): void {
  const all = candidateDays(timeline);
  let first = 0;
  while (first < all.length && (all[first] as number) < fromDay) first++;
  const prior = all[first - 1];
  const start =
    prior === undefined
      ? []
      : points.keysAt(s, timeline, dateOf(prior), LATEST_KNOWN, {
          asOfDay: prior,
          knownAtMs: LATEST.knownAtMs,
        });
  const now = stepsNow(points, s, timeline, all.slice(first), start);
  const c = points.columns;
  for (const p of s.points)
    if ((c.day[p] as number) >= fromDay)
      add(now, c.day[p] as number, c.key[p] as number, -(c.n[p] as number));
  emit(points, s, now, t);
  s.keys = points.keysAt(s, timeline, LATEST_AS_OF, LATEST_KNOWN, LATEST);
}

/** A clock step back: cancels the stream's points and adds them again instant by instant. */
export function rewrite(points: CountPointWriter, s: StreamState, timeline: Timeline): void {
  const c = points.columns;
  for (const p of [...s.points])
    points.push(c.day[p] as number, c.t[p] as number, s, c.key[p] as number, -(c.n[p] as number));
  const events = timeline.events;
  const days = candidateDays(timeline);
  const instants = [...new Set(events.map((e) => Date.parse(e.recordedAt)))].sort((a, b) => a - b);
  let before = new Map<number, Map<number, number>>();
  for (const t of instants) {
    const now = steps(points, s, timeline, days, new Date(t).toISOString());
    const diff = new Map<number, Map<number, number>>();
    for (const [day, keys] of now) for (const [key, n] of keys) add(diff, day, key, n);
    for (const [day, keys] of before) for (const [key, n] of keys) add(diff, day, key, -n);
    emit(points, s, diff, t);
    before = now;
  }
  s.keys = points.keysAt(s, timeline, LATEST_AS_OF, LATEST_KNOWN, LATEST);
}

/** The step function's changes per day (day → key → n) as known at `knownAt`. */
function steps(
  points: CountPointWriter,
  s: StreamState,
  timeline: Timeline,
  days: number[],
  knownAt: string,
  from: number[] = [],
): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  const knownAtMs = Date.parse(knownAt);
  let before = from;
  for (const day of days) {
    const keys = points.keysAt(s, timeline, dateOf(day), knownAt, { asOfDay: day, knownAtMs });
    if (sameKeys(keys, before)) continue;
    const change = new Map<number, number>();
    for (const k of before) change.set(k, (change.get(k) ?? 0) - 1);
    for (const k of keys) change.set(k, (change.get(k) ?? 0) + 1);
    out.set(day, change);
    before = keys;
  }
  return out;
}

/** `steps` as known now, read in one fold forward along the view (StreamTimeline.keyStatesAt). */
function stepsNow(
  points: CountPointWriter,
  s: StreamState,
  timeline: Timeline,
  days: number[],
  from: number[],
): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  let before = from;
  timeline.keyStatesAt(days, (state: ItemView | PlanView | null, at: number) => {
    const keys = points.keysOf(s, state);
    if (sameKeys(keys, before)) return;
    const change = new Map<number, number>();
    for (const k of before) change.set(k, (change.get(k) ?? 0) - 1);
    for (const k of keys) change.set(k, (change.get(k) ?? 0) + 1);
    out.set(days[at] as number, change);
    before = keys;
  });
  return out;
}

function emit(
  points: CountPointWriter,
  s: StreamState,
  changes: Map<number, Map<number, number>>,
  t: number,
): void {
  for (const [day, keys] of changes) for (const [key, n] of keys) if (n !== 0) points.push(day, t, s, key, n);
}

function add(into: Map<number, Map<number, number>>, day: number, key: number, n: number): void {
  let keys = into.get(day);
  if (!keys) {
    keys = new Map();
    into.set(day, keys);
  }
  keys.set(key, (keys.get(key) ?? 0) + n);
}

/**
 * Every business day a stream's facts can sit on (a superset of its view's days), sorted. Read
 * from the columns: a rebuild asks it at every back-dated fact, and materializing the stream's
 * events for it was a twentieth of a rebuild's samples.
 */
function candidateDays(timeline: Timeline): number[] {
  const { columns, rows } = timeline;
  const days = new Set<number>();
  for (const row of rows) {
    days.add(columns.day[row] as number);
    if (columns.types.values[columns.type[row] as number] !== 'EntryCorrected') continue;
    const fact = columns.fact(row);
    if (fact.type === 'EntryCorrected' && fact.data.effectiveOn !== null)
      days.add(dayKey(fact.data.effectiveOn));
  }
  return [...days].sort((a, b) => a - b);
}

function dateOf(day: number): string {
  const text = String(day).padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
