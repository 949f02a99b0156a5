/**
 * The states timelines hand out again and again: a timeline's answer for the whole of its view
 * (every fact folded, stamped with its revision), which it keeps and gives to every read at or
 * after its last fact until a new event arrives (StreamTimeline `isFinished`). Every other state
 * a read gets is folded for that read and never seen again. Plan reads record the ones they get
 * (current-plans.ts `planSnapshot`); the rebuild, which replaces such a state once per event,
 * records none.
 *
 * Why: a writer that keeps texts of states (src/api/routes/plans/plan-answer-json.ts) needs to
 * know which objects will come back. Finding out by marking every object on its first sight
 * put each freshly folded past state (≈ 8 of ≈ 9 items of a cache-off plan read) into a weak
 * map: that cost more CPU than the texts it kept saved. Asking this set costs a lookup on an
 * object that has no identity hash yet, for the fresh ones.
 *
 * Weak: a state replaced by a newer one goes when nothing else holds it.
 */
const standing = new WeakSet<object>();

/** Records `state` as one its timeline will hand out again (no-op for null and primitives). */
export function markStanding(state: unknown): void {
  if (typeof state === 'object' && state !== null) standing.add(state);
}

/** Whether `state` is a timeline's kept answer for its whole view (see `markStanding`). */
export function isStanding(state: object): boolean {
  return standing.has(state);
}
