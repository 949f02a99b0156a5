import { isCorrectionType } from '../src/domain/corrections.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { CODES, isSimpleKey, itemKeys, OPEN, sameKeys } from './count-codes.js';
import { rediff, rewrite } from './count-point-breaks.js';
import { Numbering, PointColumns } from './count-point-columns.js';
import {
  type Kind,
  LATEST,
  LATEST_AS_OF,
  LATEST_KNOWN,
  type StreamState,
  type Timeline,
} from './count-point-stream.js';
import { dayKey } from './event-columns.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { TimeKeys } from './stream-timeline.js';

export type { Kind, StreamState } from './count-point-stream.js';

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
 * - a progress update changes it nowhere (`observeUpdate`): no point, in order or not;
 * - an event at or after every fact the stream has (the common case) changes the function
 *   from its own day on only: at most one removal and one addition per placement;
 * - a correction, a retraction or a back-dated fact re-reads the stream at each of its days
 *   (as known now) and adds what differs from the sum of its points;
 * - an event recorded before one already seen (a clock that stepped back) rewrites the
 *   stream's points at each of its instants: the old ones are cancelled, the new ones added.
 * (Those two: count-point-breaks.ts.) A property test holds the sums equal to the counts folded
 * at random points.
 */

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
    if (event.type === 'UpdatePosted' && kind === 'item') {
      this.observeUpdate(rec, day, s);
      return;
    }
    const stepBack = rec < s.maxRec;
    const inOrder = !stepBack && !isCorrectionType(event.type) && day >= s.maxDay;
    s.maxRec = Math.max(s.maxRec, rec);
    s.maxDay = Math.max(s.maxDay, day);
    if (event.type === 'EntryCorrected' && event.data.effectiveOn !== null)
      s.maxDay = Math.max(s.maxDay, dayKey(event.data.effectiveOn));
    if (stepBack) rewrite(this, s, timeline);
    else if (!inOrder) rediff(this, s, timeline, rec, isCorrectionType(event.type) ? undefined : day);
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
   * `observe` of an item's progress update: it only moves the stream's bounds. An update changes
   * no field an item's keys read (its plans, role, row, column and flags; on no state it makes
   * none), in order or not, so the step function is the same at every time point, and the
   * points, which sum to it, stay as they are: no re-read after a back-dated one (which was most
   * of the re-reads a rebuild made), no rewrite after one whose clock stepped back.
   */
  observeUpdate(recordedMs: number, day: number, s: StreamState): void {
    if (recordedMs > s.maxRec) s.maxRec = recordedMs;
    if (day > s.maxDay) s.maxDay = day;
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
  keysAt(s: StreamState, timeline: Timeline, asOf: string, knownAt: string, keys: TimeKeys): number[] {
    return this.keysOf(s, timeline.stateAt(asOf, knownAt, keys, true));
  }

  /** The stream's keys in `state` (and its inspection, once known). */
  keysOf(s: StreamState, state: ItemView | PlanView | null): number[] {
    if (state === null) return [];
    if (s.insp < 0) s.insp = this.inspectionNumber(state.inspectionId);
    if (s.kind === 'item') return itemKeys(state as ItemView, this.planNo);
    return [this.planNumber((state as PlanView).planId) * CODES + OPEN];
  }
}
