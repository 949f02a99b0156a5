import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { BoardCountPoints, StreamState } from './board-count-points.js';
import { linkItem, planIdsNamedBy } from './item-plan-links.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { StreamTimeline } from './stream-timeline.js';
import type { Placement } from './timeline-placement.js';

/** What a route needs of the index it feeds (as-of-index.ts). */
export interface RouteHost {
  /** A rebuild's first pass: keep events in their columns, place them later (StreamTimeline.defer). */
  readonly deferFolds: boolean;
  /** The count points as they stand (not caught up first: a route adds to them). */
  readonly pointsNow: BoardCountPoints;
  /** planId → items that named it at any time. */
  readonly planItems: Map<string, Set<string>>;
  /** Remembers a timeline whose rows now wait to be placed. */
  wait(timeline: { deferred: boolean; catchUp(): void }): void;
  /**
   * Remembers a timeline with RIPE rows waiting: worth a visit of its own while a replay waits
   * for pages (AsOfIndex.catchUpWhile).
   */
  ripen(timeline: { deferred: boolean; catchUp(): void }): void;
}

/**
 * Rows a deferred stream gathers before a replay catches it up while it waits for pages
 * (`RouteHost.ripen`). A visit's cost is mostly in bringing the stream's own objects back
 * (timeline, view, checkpoints, state, count state), not in its rows: visiting each stream as
 * soon as one row waits spent ≈ 10% more of the main thread's CPU on a 1M rebuild
 * (docs/architecture.md, Runner, "Rebuild off the event loop").
 */
export const RIPE = 4;

/** Feeds one stream's events to where they go. */
export interface Route {
  /** The stream's id without its kind. */
  readonly id: string;
  append(event: LedgerEvent): void;
  /** A first pass's event already written in row `row` of the stream kind's columns. */
  deferRow(row: number): void;
}

/**
 * Where one stream's events go: its timeline and, for items and plans, the count points that
 * follow it. A route is an object with methods, never closures: under tsx every function a
 * closure makes is given its name by a helper that leaves it a property dictionary of its own
 * (≈ 300 bytes), and closures per stream (append, count state, placed, wait) were ≈ 3 MB of a
 * 100k index's heap (docs/architecture.md, "Index layout and cost").
 */
export class StreamRoute<S> implements Route, Placement {
  constructor(
    protected readonly host: RouteHost,
    readonly streamId: string,
    readonly id: string,
    readonly timeline: StreamTimeline<S>,
  ) {}

  /** Feeds the stream's next event (log order): placed now, or kept for later in a first pass. */
  append(event: LedgerEvent): void {
    const { host, timeline } = this;
    if (host.deferFolds) {
      this.seen();
      this.kept(timeline.defer(event, this));
    } else {
      timeline.append(event);
      this.placed(timeline.lastRow, event);
    }
    this.fed(event);
  }

  deferRow(row: number): void {
    this.seen();
    this.kept(this.timeline.deferRow(row, this));
  }

  /** After the timeline kept a row for later: `waiting` rows wait now. */
  private kept(waiting: number): void {
    const { host, timeline } = this;
    if (waiting === 1) host.wait(timeline);
    if (waiting === RIPE) host.ripen(timeline);
  }

  /** After a row of the stream is placed (now, or by `StreamTimeline.catchUp`). */
  placed(_row: number, _event: LedgerEvent): void {}

  /** After a progress update `catchUp` placed in order and folds later (`Placement`). */
  placedUpdate(_row: number): void {}

  /** When a first pass keeps an event of the stream. */
  protected seen(): void {}

  /** After each event fed, placed or kept. */
  protected fed(_event: LedgerEvent): void {}
}

/** A route whose placed rows the count points observe (items and plans). */
abstract class CountedRoute<S extends ItemView | PlanView> extends StreamRoute<S> {
  /**
   * The stream's state in the count points, kept rather than looked up per event (a rebuild's
   * hot path); looked up again if the count points were replaced (a restore).
   */
  private countedIn: BoardCountPoints | null = null;
  private state: StreamState | null = null;

  protected counted(): StreamState {
    const points = this.host.pointsNow;
    if (this.countedIn !== points || this.state === null) {
      this.countedIn = points;
      this.state = points.stream(this.streamId, this.kind);
    }
    return this.state;
  }

  protected abstract readonly kind: 'item' | 'plan';
}

/** An item's stream: count points, and the plans its events name. */
export class ItemRoute extends CountedRoute<ItemView> {
  protected readonly kind = 'item';

  override placed(row: number, event: LedgerEvent): void {
    // recordedAt in ms as the columns hold it (the row placed): no second parse.
    const ms = this.timeline.columns.ms[row];
    this.host.pointsNow.observe(event, 'item', this.timeline, ms, this.counted());
  }

  override placedUpdate(row: number): void {
    const { columns } = this.timeline;
    this.host.pointsNow.observeUpdate(columns.ms[row] as number, columns.day[row] as number, this.counted());
  }

  protected override fed(event: LedgerEvent): void {
    for (const planId of planIdsNamedBy(event)) linkItem(this.host.planItems, planId, this.id);
  }
}

/** A plan's stream: count points, and its place in the plan order when first seen. */
export class PlanRoute extends CountedRoute<PlanView> {
  protected readonly kind = 'plan';

  override placed(_row: number, event: LedgerEvent): void {
    this.host.pointsNow.observe(event, 'plan', this.timeline, undefined, this.counted());
  }

  protected override seen(): void {
    // The plan's place in the index's plan order is when its stream is first seen.
    this.host.pointsNow.seePlan(this.id);
  }
}
