import { isCorrectionType } from '../src/domain/corrections.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { CODES, isSimpleKey, itemKeys, OPEN, sameKeys } from './count-codes.js';
import { Numbering, PointColumns } from './count-point-columns.js';
import { dayKey } from './event-columns.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { StreamTimeline, TimeKeys } from './stream-timeline.js';

/**
 * The board summary's numbers at every time point, kept on apply as signed **count points**
 * (docs/architecture.md, "Board counts at any time point"). A point (day, t, plan, code, n)
 * says: from business day `day` on, as known from instant `t` on, plan `plan` holds `n` more
 * placements of kind `code` (count-codes.ts: an item's role, row, column and flags there, or
 * the plan being open). The counts at (asOf, knownAt) are the sum of the points with
 * day ≤ asOf and t ≤ knownAt: one pass over typed arrays for every inspection (≈ 10 points an
 * item), one inspection's points only for its own rows, instead of folding every item.
 *
 * Points are appended, never changed. After an event, the stream's contribution as known now
 * is a step function of the business day; the points added at the event's recordedAt are the
 * difference between the new step function and the old one:
 * - an event at or after every fact the stream has (the common case) changes the function
 *   from its own day on only: at most one removal and one addition per placement;
 * - a correction, a retraction or a back-dated fact re-reads the stream at each of its days
 *   (as known now) and adds what differs from the sum of its points;
 * - an event recorded before one already seen (a clock that stepped back) rewrites the
 *   stream's points at each of its instants: the old ones are cancelled, the new ones added.
 * A property test holds the sums equal to the counts folded at random points.
 */

const LATEST_AS_OF = '9999-12-31';
const LATEST_KNOWN = '9999-12-31T23:59:59.999Z';
const LATEST: TimeKeys = { asOfDay: dayKey(LATEST_AS_OF), knownAtMs: Date.parse(LATEST_KNOWN) };

export type Kind = 'item' | 'plan';
type Timeline = StreamTimeline<ItemView> | StreamTimeline<PlanView>;

export interface StreamState {
  /** Its number (in `streamIds`). */
  no: number;
  kind: Kind;
  /** The inspection its points count in (-1 until a state names it). */
  insp: number;
  /** Its keys (plan × 64 + code) now, sorted. */
  keys: number[];
  /** Greatest business day of its facts and recordedAt (ms) of its events. */
  maxDay: number;
  maxRec: number;
  /** Its points (numbers into the columns). */
  points: number[];
}

export class BoardCountPoints {
  readonly columns = new PointColumns();
  readonly streamIds = new Numbering();
  readonly plans = new Numbering();
  readonly inspections = new Numbering();
  readonly streams: StreamState[] = [];
  /** Per plan: the order its stream was first seen in (the index's plan order), else +∞. */
  readonly planSeq: number[] = [];
  /** Per inspection: the plans its points name, and its points. */
  readonly inspPlans: Set<number>[] = [];
  readonly inspPoints: number[][] = [];
  private nextSeq = 0;
  private readonly planNo = (planId: string): number => this.planNumber(planId);

  /**
   * Follows one item or plan event the index has just applied to `timeline`. `s` is the
   * stream's state when the caller keeps it (the index's route does: no look-up per event).
   */
  observe(
    event: LedgerEvent,
    kind: Kind,
    timeline: Timeline,
    recordedMs?: number,
    s: StreamState = this.stream(event.streamId, kind),
  ): void {
    if (kind === 'plan') this.seePlan(event.streamId.slice('plan-'.length));
    const rec = recordedMs ?? Date.parse(event.recordedAt);
    const day = dayKey(event.effectiveOn);
    const stepBack = rec < s.maxRec;
    const inOrder = !stepBack && !isCorrectionType(event.type) && day >= s.maxDay;
    s.maxRec = Math.max(s.maxRec, rec);
    s.maxDay = Math.max(s.maxDay, day);
    if (event.type === 'EntryCorrected' && event.data.effectiveOn !== null)
      s.maxDay = Math.max(s.maxDay, dayKey(event.data.effectiveOn));
    if (stepBack) this.rewrite(s, timeline);
    else if (!inOrder) this.rediff(s, timeline, rec, isCorrectionType(event.type) ? undefined : day);
    else if (!this.unchanged(s, timeline)) {
      const keys = this.keysAt(s, timeline, LATEST_AS_OF, LATEST_KNOWN, LATEST);
      if (!sameKeys(keys, s.keys)) {
        const change = new Map<number, number>();
        for (const k of s.keys) change.set(k, (change.get(k) ?? 0) - 1);
        for (const k of keys) change.set(k, (change.get(k) ?? 0) + 1);
        for (const [key, n] of change) if (n !== 0) this.push(day, rec, s, key, n);
        s.keys = keys;
      }
    }
  }

  /**
   * Whether an item in one plan only still has its one key (most events: an update, a response,
   * an owner): decided without building its key list, since a rebuild asks it once per event.
   */
  private unchanged(s: StreamState, timeline: Timeline): boolean {
    if (s.kind !== 'item' || s.keys.length !== 1) return false;
    const item = timeline.stateAt(LATEST_AS_OF, LATEST_KNOWN, LATEST, true) as ItemView | null;
    return item !== null && isSimpleKey(item, s.keys[0] as number, this.plans.ids);
  }

  /** Number of the stream `streamId`, created on first sight. */
  stream(streamId: string, kind: Kind): StreamState {
    const n = this.streamIds.of(streamId);
    let s = this.streams[n];
    if (!s) {
      s = { no: n, kind, insp: -1, keys: [], maxDay: -1, maxRec: Number.NEGATIVE_INFINITY, points: [] };
      this.streams[n] = s;
    }
    return s;
  }

  /**
   * Gives a plan its place in the index's plan order (the order answers list portfolios in)
   * when its stream is first seen; later calls change nothing.
   */
  seePlan(planId: string): void {
    const plan = this.planNumber(planId);
    if (this.planSeq[plan] === Number.POSITIVE_INFINITY) this.planSeq[plan] = this.nextSeq++;
  }

  planNumber(planId: string): number {
    const n = this.plans.of(planId);
    if (this.planSeq.length <= n) this.planSeq[n] = Number.POSITIVE_INFINITY;
    return n;
  }

  inspectionNumber(inspectionId: string): number {
    const n = this.inspections.of(inspectionId);
    if (this.inspPlans.length <= n) {
      this.inspPlans[n] = new Set();
      this.inspPoints[n] = [];
    }
    return n;
  }

  /** Every plan an inspection's points name (its plans, and any plan its items sat in). */
  planIdsOf(inspectionId: string): string[] {
    const i = this.inspections.get(inspectionId);
    return i === undefined
      ? []
      : [...(this.inspPlans[i] ?? [])].map((plan) => this.plans.ids[plan] as string);
  }

  /** Numbers plans in the order the index first saw their streams (after a restore). */
  restoreSeq(planIds: Iterable<string>): void {
    for (const planId of planIds) this.planSeq[this.planNumber(planId)] = this.nextSeq++;
  }

  /** Appends one point (and files it under its stream, inspection and plan). */
  push(day: number, t: number, s: StreamState, key: number, n: number): void {
    const c = this.columns;
    const p = c.length;
    c.grow(p + 1 > c.day.length ? c.day.length * 2 : 0);
    c.length = p + 1;
    c.day[p] = day;
    c.t[p] = t;
    c.insp[p] = s.insp;
    c.key[p] = key;
    c.n[p] = n;
    c.stream[p] = s.no;
    this.file(p, s);
  }

  /** Files point `p` under its stream, its inspection and its plan. */
  file(p: number, s: StreamState): void {
    const c = this.columns;
    s.points.push(p);
    this.inspPoints[c.insp[p] as number]?.push(p);
    this.inspPlans[c.insp[p] as number]?.add(Math.floor((c.key[p] as number) / CODES));
  }

  /** The stream's keys at one point, read from the index (and its inspection, once known). */
  private keysAt(
    s: StreamState,
    timeline: Timeline,
    asOf: string,
    knownAt: string,
    keys: TimeKeys,
  ): number[] {
    const state = timeline.stateAt(asOf, knownAt, keys, true);
    if (state === null) return [];
    if (s.insp < 0) s.insp = this.inspectionNumber(state.inspectionId);
    if (s.kind === 'item') return itemKeys(state as ItemView, this.planNo);
    return [this.planNumber((state as PlanView).planId) * CODES + OPEN];
  }

  /** The step function's changes per day (day → key → n) as known at `knownAt`. */
  private steps(
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
      const keys = this.keysAt(s, timeline, dateOf(day), knownAt, { asOfDay: day, knownAtMs });
      if (sameKeys(keys, before)) continue;
      const change = new Map<number, number>();
      for (const k of before) change.set(k, (change.get(k) ?? 0) - 1);
      for (const k of keys) change.set(k, (change.get(k) ?? 0) + 1);
      out.set(day, change);
      before = keys;
    }
    return out;
  }

  /**
   * A break at `t`: adds the difference between the step function now and its points' sum.
   * A fact back-dated to `fromDay` (not a correction) changes the function from that day on
   * only, and the points before it already sum to it: only the days from `fromDay` are re-read
   * (a rebuild meets one such fact in about twenty events, mostly a few days back).
   */
  private rediff(s: StreamState, timeline: Timeline, t: number, fromDay = Number.NEGATIVE_INFINITY): void {
    const all = candidateDays(timeline);
    let first = 0;
    while (first < all.length && (all[first] as number) < fromDay) first++;
    const prior = all[first - 1];
    const start =
      prior === undefined
        ? []
        : this.keysAt(s, timeline, dateOf(prior), LATEST_KNOWN, {
            asOfDay: prior,
            knownAtMs: LATEST.knownAtMs,
          });
    const now = this.steps(s, timeline, all.slice(first), LATEST_KNOWN, start);
    const c = this.columns;
    for (const p of s.points)
      if ((c.day[p] as number) >= fromDay)
        add(now, c.day[p] as number, c.key[p] as number, -(c.n[p] as number));
    this.emit(s, now, t);
    s.keys = this.keysAt(s, timeline, LATEST_AS_OF, LATEST_KNOWN, LATEST);
  }

  /** A clock step back: cancels the stream's points and adds them again instant by instant. */
  private rewrite(s: StreamState, timeline: Timeline): void {
    const c = this.columns;
    for (const p of [...s.points])
      this.push(c.day[p] as number, c.t[p] as number, s, c.key[p] as number, -(c.n[p] as number));
    const events = timeline.events;
    const days = candidateDays(timeline);
    const instants = [...new Set(events.map((e) => Date.parse(e.recordedAt)))].sort((a, b) => a - b);
    let before = new Map<number, Map<number, number>>();
    for (const t of instants) {
      const now = this.steps(s, timeline, days, new Date(t).toISOString());
      const diff = new Map<number, Map<number, number>>();
      for (const [day, keys] of now) for (const [key, n] of keys) add(diff, day, key, n);
      for (const [day, keys] of before) for (const [key, n] of keys) add(diff, day, key, -n);
      this.emit(s, diff, t);
      before = now;
    }
    s.keys = this.keysAt(s, timeline, LATEST_AS_OF, LATEST_KNOWN, LATEST);
  }

  private emit(s: StreamState, changes: Map<number, Map<number, number>>, t: number): void {
    for (const [day, keys] of changes) for (const [key, n] of keys) if (n !== 0) this.push(day, t, s, key, n);
  }
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
