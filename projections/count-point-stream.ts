/** A stream as the count points follow it (its kind, keys, bounds and points), and the latest point they read it at. */
import { dayKey } from './event-columns.js';
import type { ItemView } from './item-view.js';
import type { PlanView } from './plan-view.js';
import type { StreamTimeline, TimeKeys } from './stream-timeline.js';

/** The latest point on both axes: a stream's facts as known now. */
export const LATEST_AS_OF = '9999-12-31';
export const LATEST_KNOWN = '9999-12-31T23:59:59.999Z';
export const LATEST: TimeKeys = { asOfDay: dayKey(LATEST_AS_OF), knownAtMs: Date.parse(LATEST_KNOWN) };

/** The streams that have count points, and their timelines in the index. */
export type Kind = 'item' | 'plan';
export type Timeline = StreamTimeline<ItemView> | StreamTimeline<PlanView>;

/** One stream as the count points follow it (BoardCountPoints keeps one per item and plan stream). */
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
