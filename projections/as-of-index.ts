import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { BoardCountPoints } from './board-count-points.js';
import type { BoardReportView } from './board-report-view.js';
import { orderingPoints } from './count-point-order.js';
import { EventColumns } from './event-columns.js';
import { routeFor } from './index-routes.js';
import type { InspectionView } from './inspection-view.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { Route, RouteHost } from './stream-route.js';
import { type StreamTimeline, timeKeys } from './stream-timeline.js';
import type { TimePoint } from './time.js';

/**
 * The as-of index: every stream's events, per stream, ordered for reads at any (asOf, knownAt)
 * (see StreamTimeline), plus which items ever touched which plan. It is the state the runner
 * feeds; every read model (current plans, snapshots, board summaries, histories, changes,
 * overdue, RAG over time) is a pure function of it and a TimePoint.
 *
 * It is append-only: `apply` takes events in log order and never rewrites what it holds, so it
 * can be persisted incrementally and its answers for a past knownAt never move.
 */
export class AsOfIndex implements RouteHost {
  /** Every event kept, one set of columns per stream kind (see event-columns.ts). */
  readonly columns = {
    item: new EventColumns(),
    plan: new EventColumns(),
    inspection: new EventColumns(),
    board: new EventColumns(),
  } as const;
  readonly items = new Map<string, StreamTimeline<ItemView>>();
  readonly plans = new Map<string, StreamTimeline<PlanView>>();
  readonly inspections = new Map<string, StreamTimeline<InspectionView>>();
  readonly boards = new Map<string, StreamTimeline<BoardReportView[]>>();
  /** The board summary's numbers at every time point, kept on apply (board-count-points.ts). */
  private points = new BoardCountPoints();
  /**
   * While true, `apply` keeps item, plan, inspection and board events in their columns without
   * placing or folding them (StreamTimeline.defer): a rebuild's first pass. Each stream is
   * caught up (placed, folded, counted) on its first read, by `settle`/`settling`, or, for the
   * count points, all at once on the first read of `countPoints`.
   */
  deferFolds = false;
  /** Timelines that `defer` was used on, not yet known to be caught up. */
  private readonly waiting: { deferred: boolean; catchUp(): void }[] = [];
  /** Of those, the ones that gathered RIPE rows (stream-route.ts), in the order they did. */
  private readonly ripe: { deferred: boolean; catchUp(): void }[] = [];
  /** planId → items that named it at any time (a superset: the role is decided per read). */
  readonly planItems = new Map<string, Set<string>>();
  /** streamId → where its events go (null: not one of the ledger's streams). */
  private readonly routes = new Map<string, Route | null>();
  /** Position of the last event applied; -1 before any. */
  position = -1;
  eventCount = 0;
  /**
   * The latest recordedAt applied ('' before any): a report presented now shows exactly what
   * the index holds when its knownAt is this, whatever the presenting process's own clock says.
   */
  lastRecordedAt = '';

  /**
   * Moves past a log entry no read model uses (the ledger's own key and idempotency streams),
   * so `position` still says how far the log has been read.
   */
  passOver(position: number): void {
    if (position > this.position) this.position = position;
  }

  /** Feeds one event (log order). Events at or before `position` are ignored (idempotent). */
  apply(event: LedgerEvent): void {
    if (event.position <= this.position) return;
    this.position = event.position;
    this.eventCount++;
    if (event.recordedAt > this.lastRecordedAt) this.lastRecordedAt = event.recordedAt;
    // The event object is not kept: its fields go into the stream kind's columns. Null: not
    // one of the ledger's streams, nothing here reads it.
    this.routeOf(event.streamId)?.append(event);
  }

  /** Where a stream's events go (null: not one of the ledger's streams). */
  routeOf(streamId: string): Route | null {
    let route = this.routes.get(streamId);
    if (route === undefined) {
      route = routeFor(this, streamId);
      this.routes.set(streamId, route);
    }
    return route;
  }

  /**
   * `apply` in a first pass fed by a replay thread (runtime/replay-page.ts): the event is in row
   * `row` of its stream kind's columns already, and goes by `route` (its stream's `routeOf`).
   */
  applyRow(route: Route, row: number, position: number): void {
    this.position = position;
    this.eventCount++;
    route.deferRow(row);
  }

  /** `apply` of an event of a stream no read model reads: counted, kept nowhere. */
  applyElsewhere(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    this.eventCount++;
  }

  /** The count points as they stand, for the routes that add to them (stream-route.ts). */
  get pointsNow(): BoardCountPoints {
    return this.points;
  }

  /** Remembers a timeline a first pass deferred (see `deferFolds`). */
  wait(timeline: { deferred: boolean; catchUp(): void }): void {
    this.waiting.push(timeline);
  }

  /** Remembers a deferred timeline that gathered RIPE rows (stream-route.ts). */
  ripen(timeline: { deferred: boolean; catchUp(): void }): void {
    this.ripe.push(timeline);
  }

  /**
   * The board summary's count points, complete: streams a rebuild's first pass deferred are
   * caught up first (all of them: every stream's points count in the sums).
   */
  get countPoints(): BoardCountPoints {
    if (this.waiting.length > 0) this.catchUpAll();
    return this.points;
  }

  set countPoints(points: BoardCountPoints) {
    this.points = points;
  }

  /** Catches up every stream the first pass deferred (see `deferFolds`). */
  catchUpAll(): void {
    const waiting = this.waiting.splice(0);
    this.ripe.length = 0;
    for (const timeline of waiting) timeline.catchUp();
  }

  /**
   * Catches up streams the first pass deferred that gathered a few rows (`ripe`), in the order
   * they did, while `more()` (asked every few streams): a replay uses the time it would
   * otherwise wait for pages. Streams with fewer rows wait for a later visit or the settling;
   * with `everyStream`, once no ripe stream is left, every waiting stream is caught up too,
   * oldest first (near the end of the log).
   */
  catchUpWhile(more: () => boolean, everyStream = false): void {
    const ripe = this.ripe;
    let done = 0;
    while (done < ripe.length) {
      (ripe[done] as { catchUp(): void }).catchUp();
      done++;
      if (done % 16 === 0 && !more()) break;
    }
    ripe.splice(0, done);
    // Left ripe ones: the turn is over.
    if (!everyStream || ripe.length > 0) return;
    const waiting = this.waiting;
    done = 0;
    while (done < waiting.length) {
      (waiting[done] as { catchUp(): void }).catchUp();
      done++;
      if (done % 16 === 0 && !more()) break;
    }
    waiting.splice(0, done);
  }

  /** Whether streams a rebuild's first pass deferred may still wait to be caught up. */
  get catchingUp(): boolean {
    return this.waiting.length > 0;
  }

  /** Whether deferred streams wait that are worth a visit while a replay waits for pages. */
  get ripening(): boolean {
    return this.ripe.length > 0;
  }

  /** Fills every stream's cached folds after a bulk load (see StreamTimeline.settle). */
  settle(): void {
    for (const _ of this.settling(Number.POSITIVE_INFINITY));
  }

  /**
   * `settle` in steps of about `streams` timelines each, for a caller that yields to the event
   * loop between steps (the runner after a start). Reads meanwhile are answered as before: a
   * fold not yet refilled is refilled by the read that needs it.
   */
  *settling(streams = 500): Generator<void> {
    let done = 0;
    for (const map of [this.items, this.plans, this.inspections, this.boards] as Map<
      string,
      { settle(): void }
    >[])
      for (const timeline of map.values()) {
        timeline.settle();
        if (++done % streams === 0) yield;
      }
    // Every stream settled is caught up: only one a new first pass deferred meanwhile waits.
    const still = this.waiting.filter((timeline) => timeline.deferred);
    this.waiting.splice(0, this.waiting.length, ...still);
    this.ripe.length = 0;
    // The count points' order, so the first every-inspection sum at a past point reads it.
    yield* orderingPoints(this.points);
  }

  /**
   * Visits every item's state at (asOf, knownAt), skipping items unknown then. The hot loop of
   * the all-plans reads: no per-item lookups or allocations besides what `visit` does.
   * `withRevision: false` (for readers that ignore `revision`) leaves it as of the last fact
   * folded instead of stamping the stream's revision known then, which copies the state.
   */
  forEachItemAt(
    at: TimePoint,
    visit: (item: ItemView) => void,
    options: { withRevision?: boolean } = {},
  ): void {
    const keys = timeKeys(at.asOf, at.knownAt);
    const unfinished = options.withRevision === false;
    for (const timeline of this.items.values()) {
      const item = timeline.stateAt(at.asOf, at.knownAt, keys, unfinished);
      if (item !== null) visit(item);
    }
  }

  /** The item at (asOf, knownAt), with `revision` = its stream's last revision known then. */
  itemAt(itemId: string, at: TimePoint): ItemView | null {
    return this.items.get(itemId)?.stateAt(at.asOf, at.knownAt, timeKeys(at.asOf, at.knownAt)) ?? null;
  }

  planAt(planId: string, at: TimePoint): PlanView | null {
    return this.plans.get(planId)?.stateAt(at.asOf, at.knownAt) ?? null;
  }

  inspectionAt(inspectionId: string, at: TimePoint): InspectionView | null {
    return this.inspections.get(inspectionId)?.stateAt(at.asOf, at.knownAt) ?? null;
  }

  /** Board reports presented on or before asOf and known at knownAt, by board date. */
  boardReportsAt(at: TimePoint): BoardReportView[] {
    const out: BoardReportView[] = [];
    for (const timeline of this.boards.values()) {
      for (const report of timeline.stateAt(at.asOf, at.knownAt) ?? []) {
        if (report.boardDate <= at.asOf) out.push(report);
      }
    }
    return out.sort((a, b) => (a.boardDate < b.boardDate ? -1 : a.boardDate > b.boardDate ? 1 : 0));
  }

  /** Items that ever named this plan (as home, sharer, lead, or transfer end). */
  itemIdsLinkedTo(planId: string): ReadonlySet<string> {
    return this.planItems.get(planId) ?? EMPTY;
  }

  /** Every plan id the index has seen, opened or only referenced by items. */
  knownPlanIds(): string[] {
    const ids = new Set(this.plans.keys());
    for (const id of this.planItems.keys()) ids.add(id);
    return [...ids];
  }
}

const EMPTY: ReadonlySet<string> = new Set();
