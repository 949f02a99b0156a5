import { isCorrectionType } from '../src/domain/corrections.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { type CheckpointCodec, checkpointCodecFor } from './checkpoint-codec.js';
import type { EventColumns } from './event-columns.js';
import { type TimeKeys, timeKeys } from './time-keys.js';
import { correctedView, viewWithInserted } from './timeline-breaks.js';
import {
  CHECKPOINT_EVERY,
  type Epoch,
  foldPrefix,
  lastDayOf,
  MAX_EPOCHS,
  prefixLength,
} from './timeline-epochs.js';
import type { TimelineParts } from './timeline-image.js';
import { foldBeforeBreak } from './timeline-past.js';

/** Re-exported for the readers that take a TimePoint's keys with the timeline. */
export { type TimeKeys, timeKeys } from './time-keys.js';

/** What is told of each row `catchUp` places (the index's route: count points follow it). */
export interface Placement {
  placed(row: number, event: LedgerEvent): void;
}

/** The `Finish` of a stream that stamps nothing: one function, not one per timeline. */
const unstamped = <S>(state: S): S => state;

/** A pure fold of one stream's facts. */
export type Fold<S> = (state: S | null, event: LedgerEvent) => S | null;

/**
 * Stamps a folded state with the stream revision known at the read's knownAt (which can be a
 * correction's, never folded itself). Returns the same object when nothing changes.
 */
export type Finish<S> = (state: S, revision: number) => S;

/**
 * One stream's events, indexed for reads at any (asOf, knownAt).
 *
 * `view` holds the stream's facts as known now (corrections applied, retractions removed),
 * sorted by (effectiveOn, position); `checkpoints[i]` caches the fold of `view[0 .. i*K)`.
 *
 * The record axis is handled without a scan by remembering the last "break": an event that
 * did not simply land at the end of `view` (a correction, a retraction, a back-dated entry, or
 * a clock that went backwards). Every event after the last break was appended at the end of
 * `view` in record order, so for any knownAt at or after the break's recordedAt, the facts
 * known at knownAt are a prefix of `view`, and so are the facts with effectiveOn <= asOf: the
 * answer is the fold of the shorter prefix, found by two binary searches plus < K fold steps.
 * A knownAt before the last break is answered from the epochs kept (timeline-past.ts).
 */
export class StreamTimeline<S> {
  /**
   * Rows (in `columns`) of every event of the stream in log order, corrections included;
   * until the first break, the very array `view` is. Reads search row arrays through the
   * columns' typed arrays (recordedAt, day), not numeric copies: per-stream number arrays
   * were ≈ 40 bytes an event, their growth as much again of dead copies in the old space
   * (docs/architecture.md, "Index layout and cost").
   */
  private rowList: number[];
  /** The views before the last few breaks, newest last (see timeline-epochs.ts). */
  private epochs: Epoch[] = [];
  /** Rows of the stream's facts as known now, in fold order. */
  private view: number[] = [];
  /** Index in `view` where the events appended since the last break start. */
  private tailStart = 0;
  /** Greatest recordedAt (ms) up to and including the last break; -∞ when there was none. */
  private breakRecordedMs = Number.NEGATIVE_INFINITY;
  /** Greatest recordedAt so far (ms), and the view's last effectiveOn as a day key. */
  private maxRecordedMs = Number.NEGATIVE_INFINITY;
  private lastEffectiveDay = Number.NEGATIVE_INFINITY;
  /** `finished` is the answer for any point at or after the stream's last facts on both axes. */
  private finishedIsNow = false;
  /** checkpoints[i] = fold of view[0 .. i*K) as `codec` keeps it; [0] is the empty fold. */
  private checkpoints: unknown[] = [null];
  private readonly codec: CheckpointCodec<S>;
  /** Fold of the whole view, when `currentValid`; a restored one may still be in `saved`. */
  private current: S | null = null;
  private currentValid = true;
  private saved: (() => S | null) | null = null;
  /** Rows `defer` kept and `catchUp` has not placed yet (null: none), and what to call then. */
  private pending: number[] | null = null;
  private placed: Placement | null = null;

  /** The last finished "now" answer and what it was made from (reads at now are the hot path). */
  private finishedFrom: S | null = null;
  private finishedRevision = -1;
  private finished: S | null = null;

  /**
   * @param columns where the stream's events are kept (one set per stream kind)
   * @param stream the stream's number in `columns.streams`
   */
  constructor(
    readonly columns: EventColumns,
    readonly stream: number,
    private readonly fold: Fold<S>,
    private readonly finish: Finish<S> = unstamped,
  ) {
    this.codec = checkpointCodecFor<S>(fold); // how the checkpoints are kept (items: packed)
    this.rowList = this.view;
  }

  /** Rows of every event of the stream in log order, corrections included (not a copy). */
  get rows(): readonly number[] {
    if (this.pending !== null) this.catchUp();
    return this.rowList;
  }

  /** The row of the stream's last event; -1 when empty. */
  get lastRow(): number {
    if (this.pending !== null) this.catchUp();
    return this.rowList[this.rowList.length - 1] ?? -1;
  }

  /**
   * Keeps the stream's next event in the columns without placing it (a rebuild's first pass):
   * no view, no fold. The rows are placed, in order and exactly as `append` places them, by
   * `catchUp`, which every read of this timeline and the next `append` run first; `placed` is
   * then called after each, as the index calls its count points after an `append`.
   */
  defer(event: LedgerEvent, placed: Placement): void {
    const row = this.columns.push(event, this.stream);
    if (this.pending === null) this.pending = [row];
    else this.pending.push(row);
    this.placed = placed;
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
    for (const row of pending) {
      const event = columns.fact(row);
      this.place(row, event);
      placed?.placed(row, event);
    }
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
          this.checkpoints.push(this.codec.pack(this.current, this.checkpoints[n / CHECKPOINT_EVERY - 1]));
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
  }

  /**
   * Its arrays and marks as they stand, for a snapshot (timeline-image.ts). The live view is
   * copied (in-order events are pushed onto it); the epochs' views are shared, since a break
   * replaces the view rather than editing it. No folded state but the whole view's.
   */
  parts(): TimelineParts<S> {
    if (this.pending !== null) this.catchUp();
    return {
      rows: this.rowList.slice(),
      view: this.view.slice(),
      tailStart: this.tailStart,
      breakMs: this.breakRecordedMs,
      current: this.currentValid && this.view.length > 0 ? { state: this.now() } : null,
      epochs: this.epochs,
    };
  }

  /** A timeline holding `parts` (timeline-image.ts); its other folds are refilled by `settle`. */
  static fromParts<S>(
    columns: EventColumns,
    stream: number,
    fold: Fold<S>,
    finish: Finish<S> | undefined,
    parts: TimelineParts<S>,
  ): StreamTimeline<S> {
    const timeline = new StreamTimeline(columns, stream, fold, finish);
    const { ms } = columns;
    for (const row of parts.rows) {
      const m = ms[row] as number;
      if (m > timeline.maxRecordedMs) timeline.maxRecordedMs = m;
    }
    timeline.view = parts.view;
    // One array for both when the caller found them equal (a stream with no break yet).
    timeline.rowList = parts.rows;
    timeline.lastEffectiveDay = lastDayOf(parts.view, columns);
    timeline.tailStart = parts.tailStart;
    timeline.breakRecordedMs = parts.breakMs;
    timeline.epochs = parts.epochs;
    timeline.currentValid = parts.view.length === 0 || parts.current !== null;
    if (parts.current !== null && 'saved' in parts.current) timeline.saved = parts.current.saved;
    else if (parts.current !== null) timeline.current = parts.current.state;
    return timeline;
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

  /** The stream's last revision, -1 when empty. */
  get headRevision(): number {
    const last = this.lastRow;
    return last < 0 ? -1 : (this.columns.revision[last] as number);
  }

  /** Every event of the stream in log order, corrections included (materialized: a copy). */
  get events(): LedgerEvent[] {
    if (this.pending !== null) this.catchUp();
    return this.rowList.map((row) => this.columns.event(row));
  }

  /**
   * The folded state at (asOf, knownAt), finished with the stream revision of the last event
   * known at knownAt; null when nothing is known then. Cost: O(log n + K) when knownAt is at or after the last break,
   * else one replay of this stream.
   *
   * `unfinished` skips the revision stamp (its walk and its copy of the state): for readers
   * that never look at `revision`, such as the all-items board summary, where that copy was
   * one allocation per item per call.
   */
  stateAt(
    asOf: string,
    knownAt: string,
    keys: TimeKeys = timeKeys(asOf, knownAt),
    unfinished = false,
  ): S | null {
    if (this.pending !== null) this.catchUp();
    const { knownAtMs, asOfDay } = keys;
    if (this.finishedIsNow && knownAtMs >= this.maxRecordedMs && asOfDay >= this.lastEffectiveDay) {
      return this.finished;
    }
    let revision = unfinished ? -1 : this.revisionKnownAt(knownAtMs);
    if (knownAtMs < this.breakRecordedMs) {
      const state = foldBeforeBreak(this.epochs, this.columns, this.fold, this.codec, () => this.events, {
        asOf,
        knownAt,
        asOfDay,
        knownAtMs,
      });
      return state === null || unfinished ? state : this.finish(state, revision);
    }
    const n = this.view.length;
    const length = prefixLength(
      this.view,
      this.columns,
      this.tailStart,
      this.maxRecordedMs,
      knownAtMs,
      asOfDay,
    );
    const state = this.prefixState(length);
    if (state === null) return null;
    if (length !== n) return unfinished ? state : this.finish(state, revision);
    // The whole view: stamp and cache it once (reads "now" come back here).
    if (unfinished) revision = this.revisionKnownAt(knownAtMs);
    if (state !== this.finishedFrom || revision !== this.finishedRevision) {
      this.finishedFrom = state;
      this.finishedRevision = revision;
      this.finished = this.finish(state, revision);
    }
    // Whole view and every event known: this answer holds for any later point too.
    if (knownAtMs >= this.maxRecordedMs) this.finishedIsNow = true;
    return this.finished;
  }

  private revisionKnownAt(knownAtMs: number): number {
    const { ms } = this.columns;
    const rows = this.rowList;
    let i = rows.length - 1;
    // Walk back over the events recorded after knownAt (none in the common "now" case).
    while (i >= 0 && (ms[rows[i] as number] as number) > knownAtMs) i--;
    const row = rows[i];
    return row === undefined ? -1 : (this.columns.revision[row] as number);
  }

  /** The fold of the whole view while valid: a restored one is parsed when first asked for. */
  private now(): S | null {
    if (this.saved !== null) {
      this.current = this.saved();
      this.saved = null;
    }
    return this.current;
  }

  /** Fold of view[0 .. length), from the nearest checkpoint (extending the cache lazily). */
  private prefixState(length: number): S | null {
    if (length === this.view.length && this.currentValid) return this.now();
    const state = foldPrefix(this.view, this.columns, this.checkpoints, length, this.fold, this.codec);
    if (length === this.view.length) {
      this.current = state;
      this.currentValid = true;
      this.saved = null;
    }
    return state;
  }
}
