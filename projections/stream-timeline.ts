/** One stream's events read at any (asOf, knownAt): the read side of a timeline, and its parts for a snapshot. */
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { EventColumns } from './event-columns.js';
import { type TimeKeys, timeKeys } from './time-keys.js';
import { lastDayOf, prefixLength } from './timeline-epochs.js';
import type { TimelineParts } from './timeline-image.js';
import { foldBeforeBreak } from './timeline-past.js';
import { type Fold, TimelinePlacement } from './timeline-placement.js';

/** Re-exported for the readers that take a TimePoint's keys with the timeline. */
export { type TimeKeys, timeKeys } from './time-keys.js';
export type { Fold } from './timeline-placement.js';

/** The `Finish` of a stream that stamps nothing: one function, not one per timeline. */
const unstamped = <S>(state: S): S => state;

/**
 * Stamps a folded state with the stream revision known at the read's knownAt (which can be a
 * correction's, never folded itself). Returns the same object when nothing changes.
 */
export type Finish<S> = (state: S, revision: number) => S;

/**
 * One stream's events, indexed for reads at any (asOf, knownAt). Where the rows go, `view` and
 * its checkpoints: `TimelinePlacement` (timeline-placement.ts).
 *
 * The record axis is handled without a scan by remembering the last "break": an event that
 * did not simply land at the end of `view` (a correction, a retraction, a back-dated entry, or
 * a clock that went backwards). Every event after the last break was appended at the end of
 * `view` in record order, so for any knownAt at or after the break's recordedAt, the facts
 * known at knownAt are a prefix of `view`, and so are the facts with effectiveOn <= asOf: the
 * answer is the fold of the shorter prefix, found by two binary searches plus < K fold steps.
 * A knownAt before the last break is answered from the epochs kept (timeline-past.ts).
 */
export class StreamTimeline<S> extends TimelinePlacement<S> {
  /** The last finished "now" answer and what it was made from (reads at now are the hot path). */
  private finishedFrom: S | null = null;
  private finishedRevision = -1;
  private finished: S | null = null;

  /**
   * @param columns where the stream's events are kept (one set per stream kind)
   * @param stream the stream's number in `columns.streams`
   */
  constructor(
    columns: EventColumns,
    stream: number,
    fold: Fold<S>,
    private readonly finish: Finish<S> = unstamped,
  ) {
    super(columns, stream, fold);
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
      return this.handOut(this.finished, unfinished);
    }
    let revision = unfinished ? -1 : this.revisionKnownAt(knownAtMs);
    if (knownAtMs < this.breakRecordedMs) {
      const state = foldBeforeBreak(this.epochs, this.columns, this.fold, this.codec, () => this.events, {
        asOf,
        knownAt,
        asOfDay,
        knownAtMs,
      });
      return state === null || unfinished ? state : this.handOut(this.finish(state, revision), false);
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
    if (length !== n) return unfinished ? state : this.handOut(this.finish(state, revision), false);
    // The whole view: stamp and cache it once (reads "now" come back here).
    if (unfinished) revision = this.revisionKnownAt(knownAtMs);
    if (state !== this.finishedFrom || revision !== this.finishedRevision) {
      this.finishedFrom = state;
      this.finishedRevision = revision;
      this.finished = this.finish(state, revision);
    }
    // Whole view and every event known: this answer holds for any later point too.
    if (knownAtMs >= this.maxRecordedMs) this.finishedIsNow = true;
    return this.handOut(this.finished, unfinished);
  }

  /**
   * `state` as handed to a reader: made plain data where the fold left parts to be read when
   * asked for (checkpoint-codec.ts `forReader`, in place). Not for `unfinished` reads: the
   * rebuild's count points read every item's state once per event and never its text, which
   * is what the lazy parts save.
   */
  private handOut(state: S | null, unfinished: boolean): S | null {
    const forReader = this.codec.forReader;
    if (!unfinished && state !== null && forReader !== undefined) forReader(state);
    return state;
  }

  /**
   * For each of `days` (ascending day keys), in turn, the state as known now at the end of that
   * day, passed to `visit` with the day's index: one fold forward along the view from the first
   * day's state, where a read per day unpacked a checkpoint each (the count points' re-reads
   * after a back-dated fact). For readers of an item's plans, role, row, column and flags only:
   * progress updates are passed over (they change none of those, nor whether there is a state),
   * so the update fields of the states visited may lag.
   */
  keyStatesAt(days: readonly number[], visit: (state: S | null, at: number) => void): void {
    if (this.pending !== null) this.catchUp();
    const { view, columns } = this;
    const { type } = columns;
    const update = this.codec.updates === undefined ? -1 : columns.types.numberIfKnown('UpdatePosted');
    let state: S | null = null;
    let i = -1;
    for (let at = 0; at < days.length; at++) {
      const day = days[at] as number;
      // As stateAt(day, every event known) counts the view's facts: the same prefix.
      const end = prefixLength(
        view,
        columns,
        this.tailStart,
        this.maxRecordedMs,
        Number.POSITIVE_INFINITY,
        day,
      );
      if (i < 0) {
        state = this.prefixState(end);
        i = end;
      }
      for (; i < end; i++) {
        const row = view[i] as number;
        if (type[row] !== update) state = this.fold(state, columns.fact(row));
      }
      visit(state, at);
    }
  }

  /**
   * Whether `state` is the answer this timeline keeps for its whole view, handed out to every
   * read at or after its last fact until the next event (projections/standing-states.ts).
   */
  isFinished(state: S): boolean {
    return state === this.finished;
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
}
