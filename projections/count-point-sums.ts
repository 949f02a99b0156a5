import type { BoardCountPoints } from './board-count-points.js';
import { CODES, PLACED_SLOT, SLOTS, SLOTS_OF } from './count-codes.js';
import { pointOrderOf } from './count-point-order.js';
import type { TimeKeys } from './stream-timeline.js';

/** Sums of the board count points (board-count-points.ts) at one time point. */

/**
 * Every inspection's sums at a point: `SLOTS` numbers per inspection number (8 per row, open
 * plans, placements). Read through the points' order (count-point-order.ts): kept sums and a
 * few thousand points, not every point.
 */
export function sumsByInspection(points: BoardCountPoints, at: TimeKeys): Int32Array {
  const inspections = points.inspections.ids.length;
  if (!Number.isFinite(at.knownAtMs)) return scanAll(points, at);
  const out = new Int32Array(inspections * SLOTS);
  pointOrderOf(points.columns, inspections).sumInto(out, at);
  return out;
}

/** The same sums by one pass over every point (what the order answers, and a test compares). */
export function scanAll(points: BoardCountPoints, at: TimeKeys): Int32Array {
  const inspections = points.inspections.ids.length;
  // The hot loop adds one number per point (per inspection and code); codes become slots after.
  const byCode = new Int32Array(inspections * CODES);
  const { day, t, insp, key, n, length } = points.columns;
  const { asOfDay, knownAtMs } = at;
  for (let p = 0; p < length; p++) {
    if ((day[p] as number) > asOfDay || (t[p] as number) > knownAtMs) continue;
    const at = (insp[p] as number) * CODES + ((key[p] as number) & (CODES - 1));
    byCode[at] = (byCode[at] as number) + (n[p] as number);
  }
  const out = new Int32Array(inspections * SLOTS);
  for (let i = 0; i < inspections; i++)
    for (let code = 0; code < CODES; code++) {
      const count = byCode[i * CODES + code] as number;
      if (count !== 0) addSlots(out, i * SLOTS, code, count);
    }
  return out;
}

/** One inspection's sums per plan at a point (plan number → `SLOTS` numbers); null: unknown. */
export function sumsByPlan(
  points: BoardCountPoints,
  inspectionId: string,
  at: TimeKeys,
): Map<number, Int32Array> | null {
  const i = points.inspections.get(inspectionId);
  if (i === undefined) return null;
  const out = new Map<number, Int32Array>();
  for (const plan of points.inspPlans[i] ?? []) out.set(plan, new Int32Array(SLOTS));
  const { day, t, key, n } = points.columns;
  const { asOfDay, knownAtMs } = at;
  for (const p of points.inspPoints[i] ?? []) {
    if ((day[p] as number) > asOfDay || (t[p] as number) > knownAtMs) continue;
    const k = key[p] as number;
    const sums = out.get(Math.floor(k / CODES));
    if (sums) addSlots(sums, 0, k % CODES, n[p] as number);
  }
  return out;
}

function addSlots(into: Int32Array, base: number, code: number, n: number): void {
  for (let s = code * 6, end = s + 6; s < end; s++) {
    const slot = SLOTS_OF[s] as number;
    if (slot < 0) return;
    into[base + slot] = (into[base + slot] as number) + n;
  }
}

export const hasPlacements = (sums: Int32Array): boolean => (sums[PLACED_SLOT] as number) > 0;
