/** A stream timeline's write side: where each row goes, now or on catch-up, and the folds cached along its view. */
import { isCorrectionType } from '../src/domain/corrections.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { type CheckpointCodec, checkpointCodecFor } from './checkpoint-codec.js';
import type { EventColumns } from './event-columns.js';
import { correctedView, viewWithInserted } from './timeline-breaks.js';
import { CHECKPOINT_EVERY, type Epoch, foldPrefix, lastDayOf, MAX_EPOCHS } from './timeline-epochs.js';

/** What is told of each row `catchUp` places (the index's route: count points follow it). */
export interface Placement {
  placed(row: number, event: LedgerEvent): void;
  /**
   * After a progress update placed in order by `catchUp` and folded later (an update run, see
   * checkpoint-codec.ts): no event is made for it (`placed` is, when the listener needs one).
   */
  placedUpdate(row: number): void;
}

/** A pure fold of one stream's facts. */
export type Fold<S> = (state: S | null, event: LedgerEvent) => S | null;

/**
 * Places one stream's rows: `view` holds the stream's facts as known now (corrections applied,
 * retractions removed), sorted by (effectiveOn, position); `checkpoints[i]` caches the fold of
 * `view[0 .. i*K)`; every event that did not simply land at the end of `view` (a break) leaves
 * the view before it as an epoch. `StreamTimeline` reads them at any (asOf, knownAt).
 */
export abstract class TimelinePlacement<S> {
  /**
   * Rows (in `columns`) of every event of the stream in log order, corrections included;
   * until the first break, the very array `view` is. Reads search row arrays through the
   * columns' typed arrays (recordedAt, day), not numeric copies: per-stream number arrays
   * were ≈ 40 bytes an event, their growth as much again of dead copies in the old space
   * (docs/architecture.md, "Index layout and cost").
   */
  protected rowList: number[];
  /** The views before the last few breaks, newest last (see timeline-epochs.ts). */
  protected epochs: Epoch[] = [];
  /** Rows of the stream's facts as known now, in fold order. */
  protected view: number[] = [];
  /** Index in `view` where the events appended since the last break start. */
  protected tailStart = 0;
  /** Greatest recordedAt (ms) up to and including the last break; -∞ when there was none. */
  protected breakRecordedMs = Number.NEGATIVE_INFINITY;
  /** Greatest recordedAt so far (ms), and the view's last effectiveOn as a day key. */
  protected maxRecordedMs = Number.NEGATIVE_INFINITY;
  protected lastEffectiveDay = Number.NEGATIVE_INFINITY;
  /** `StreamTimeline`'s `finished` is the answer for any point at or after the stream's last facts on both axes. */
  protected finishedIsNow = false;
  /** checkpoints[i] = fold of view[0 .. i*K) as `codec` keeps it; [0] is the empty fold. */
  protected checkpoints: unknown[] = [null];
  protected readonly codec: CheckpointCodec<S>;
  /** Fold of the whole view, when `currentValid`; a restored one may still be in `saved`. */
  protected current: S | null = null;
  protected currentValid = true;
  protected saved: (() => S | null) | null = null;
  /**
   * How many progress updates at the end of `view` are not folded into `current` yet (a run
   * `catchUp` keeps pending, see `UpdateRuns`): `now()` folds them in when first asked.
   */
  private run = 0;
  /** The row of the pending run's last update (the view's last row while the run is pending). */
  private runEnd = -1;
  /** Rows `defer` kept and `catchUp` has not placed yet (null: none), and what to call then. */
  protected pending: number[] | null = null;
  private placed: Placement | null = null;

  /**
   * @param columns where the stream's events are kept (one set per stream kind)
   * @param stream the stream's number in `columns.streams`
   */
  constructor(
    readonly columns: EventColumns,
    readonly stream: number,
    protected readonly fold: Fold<S>,
  ) {
    this.codec = checkpointCodecFor<S>(fold); // how the checkpoints are kept (items: packed)
    this.rowList = this.view;
  }

  /**
   * Keeps the stream's next event in the columns without placing it (a rebuild's first pass):
   * no view, no fold. The rows are placed, in order and exactly as `append` places them, by
   * `catchUp`, which every read of this timeline and the next `append` run first; `placed` is
   * then called after each, as the index calls its count points after an `append`.
   */
  defer(event: LedgerEvent, placed: Placement): number {
    return this.deferRow(this.columns.push(event, this.stream), placed);
  }

  /**
   * `defer` of an event already written in row `row` of the columns (a replay thread's page).
   * Returns how many rows now wait (1: the stream was caught up until now).
   */
  deferRow(row: number, placed: Placement): number {
    this.placed = placed;
    if (this.pending === null) {
      this.pending = [row];
      return 1;
    }
    return this.pending.push(row);
  }

  /** Whether rows kept by `defer` still wait to be placed. */
  get deferred(): boolean {
    return this.pending !== null;
  }

  /**
   * Places the rows `defer` kept, in log order, each as `append` would have (folded from the
   * row, as a read's fold is), calling `placed` after each. Reads see the whole stream after.
   */
  catchUp(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const { columns, placed } = this;
    const update = this.codec.updates === undefined ? -1 : columns.types.numberIfKnown('UpdatePosted');
    const { type } = columns;
    for (const row of pending) {
      if (type[row] === update && this.placeUpdate(row)) {
        placed?.placedUpdate(row);
        continue;
      }
      const event = columns.fact(row);
      this.place(row, event);
      placed?.placed(row, event);
    }
  }

  /**
   * `place` of a progress update (row `row`), when it lands in order at the end of the view
   * while the view's fold is kept and not null: its fold step joins the pending run (`run`),
   * and its checkpoint, when one is due, is packed without making the state. Returns false,
   * having done nothing, otherwise.
   */
  private placeUpdate(row: number): boolean {
    const updates = this.codec.updates;
    if (updates === undefined) return false;
    const { columns } = this;
    const ms = columns.ms[row] as number;
    const day = columns.day[row] as number;
    if (ms < this.maxRecordedMs || day < this.lastEffectiveDay) return false;
    // After a break the view's fold is made again first (from the checkpoints kept), as the
    // count points' read of the state after each row made it before runs: else every row up to
    // the next read would be placed unfolded and folded one by one then, each update's text too.
    if (!this.currentValid) this.prefixState(this.view.length);
    // The fold a run starts from: a run is only ever kept on a state (an update on none stays none).
    if (this.run === 0 && this.now() === null) return false;
    this.finishedIsNow = false;
    for (const epoch of this.epochs) if (ms < epoch.minAfterMs) epoch.minAfterMs = ms;
    this.maxRecordedMs = ms;
    this.view.push(row); // the row list too, while they are one array
    if (this.rowList !== this.view) this.rowList.push(row);
    this.lastEffectiveDay = day;
    this.run++;
    this.runEnd = row;
    const n = this.view.length;
    if (n % CHECKPOINT_EVERY === 0 && this.checkpoints.length === n / CHECKPOINT_EVERY) {
      const previous = this.checkpoints[n / CHECKPOINT_EVERY - 1];
      const kept = updates.pack(this.current as S, previous, row, this.run, columns);
      this.checkpoints.push(kept ?? this.codec.pack(this.now(), previous, this.view, n, columns));
    }
    return true;
  }

  /** Appends the stream's next event (log order). O(1) amortised unless it is a break. */
  append(event: LedgerEvent): void {
    if (this.pending !== null) this.catchUp();
    this.place(this.columns.push(event, this.stream), event);
  }

  /** Places row `row` (holding `event`) after the stream's rows so far. */
  private place(row: number, event: LedgerEvent): void {
    const columns = this.columns;
    const ms = columns.ms[row] as number;
    const day = columns.day[row] as number;
    this.finishedIsNow = false;
    for (const epoch of this.epochs) if (ms < epoch.minAfterMs) epoch.minAfterMs = ms;
    const maxBefore = this.maxRecordedMs;
    const backInTime = ms < this.maxRecordedMs;
    if (ms > this.maxRecordedMs) this.maxRecordedMs = ms;
    const shared = this.rowList === this.view;
    if (!isCorrectionType(event.type) && !backInTime && day >= this.lastEffectiveDay) {
      this.view.push(row); // the row list too, while they are one array
      if (!shared) this.rowList.push(row);
      this.lastEffectiveDay = day;
      if (this.currentValid) {
        this.current = this.fold(this.now(), event);
        const n = this.view.length;
        if (n % CHECKPOINT_EVERY === 0 && this.checkpoints.length === n / CHECKPOINT_EVERY) {
          this.checkpoints.push(
            this.codec.pack(this.current, this.checkpoints[n / CHECKPOINT_EVERY - 1], this.view, n, columns),
          );
        }
      }
      return;
    }
    // The first break: the row list becomes an array of its own (the view will differ).
    if (shared) this.rowList = this.view.slice();
    this.rowList.push(row);
    // Keep the view as it stands for reads before this break; everything below replaces
    // (never edits) the arrays it hands over.
    this.epochs.push({
      view: this.view,
      tailStart: this.tailStart,
      checkpoints: this.checkpoints,
      breakMs: this.breakRecordedMs,
      maxMs: maxBefore,
      minAfterMs: ms,
    });
    if (this.epochs.length > MAX_EPOCHS) this.epochs.shift();
    this.breakRecordedMs = this.maxRecordedMs;
    // Rare: a correction recomputes the view from the stream's rows; anything else lands
    // where its date puts it (timeline-breaks.ts).
    const { view, firstChanged } = isCorrectionType(event.type)
      ? correctedView(columns, this.stream, this.rowList, this.view)
      : viewWithInserted(columns, this.view, row);
    this.view = view;
    this.lastEffectiveDay = lastDayOf(this.view, columns);
    this.tailStart = this.view.length;
    // Keep the checkpoints that only cover entries before the first change.
    this.checkpoints = this.checkpoints.slice(0, Math.floor(firstChanged / CHECKPOINT_EVERY) + 1);
    this.currentValid = false;
    this.saved = null;
    this.run = 0;
  }

  /**
   * Refills the cached folds that breaks dropped (the live view's and every epoch's). Reads
   * refill them lazily anyway; settling once after a bulk load folds each view once instead
   * of making the first reads at each new point pay it (≈ 0.5 s of folds at 1M events).
   */
  settle(): void {
    if (this.pending !== null) this.catchUp();
    this.prefixState(this.view.length);
    for (const epoch of this.epochs)
      foldPrefix(epoch.view, this.columns, epoch.checkpoints, epoch.view.length, this.fold, this.codec);
  }

  /** The fold of the whole view while valid: a restored one is parsed when first asked for. */
  protected now(): S | null {
    if (this.saved !== null) {
      this.current = this.saved();
      this.saved = null;
    }
    if (this.run > 0) {
      // A run is kept on a state only, by a codec with `updates`.
      const updates = this.codec.updates as NonNullable<CheckpointCodec<S>['updates']>;
      this.current = updates.fold(this.current as S, this.runEnd, this.run, this.columns);
      this.run = 0;
    }
    return this.current;
  }

  /** Fold of view[0 .. length), from the nearest checkpoint (extending the cache lazily). */
  protected prefixState(length: number): S | null {
    if (length === this.view.length && this.currentValid) return this.now();
    const state = foldPrefix(this.view, this.columns, this.checkpoints, length, this.fold, this.codec);
    if (length === this.view.length) {
      this.current = state;
      this.currentValid = true;
      this.saved = null;
      this.run = 0;
    }
    return state;
  }
}
