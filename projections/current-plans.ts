import { z } from 'zod';
import type { AsOfIndex } from './as-of-index.js';
import { listedIn } from './item-listing.js';
import { ItemView, leadPlanOf } from './item-view.js';
import { PlanView } from './plan-view.js';
import { markStanding } from './standing-states.js';
import type { TimePoint } from './time.js';
import { timeKeys } from './time-keys.js';

/**
 * How an item sits in one plan:
 * - `lead`: the plan answers for it and counts it (its own plan, or the joint lead);
 * - `shared`: jointly allocated to this plan, but another plan answers for it;
 * - `transferred-out`: it was in this plan and has moved to another portfolio.
 */
export const PlanRole = z.enum(['lead', 'shared', 'transferred-out']);
export type PlanRole = z.infer<typeof PlanRole>;

export const PlanItem = z.strictObject({
  role: PlanRole,
  /** It came into this plan from another portfolio. */
  transferredIn: z.boolean(),
  /** The item as this plan lists it: a sharing plan's own owners, due date and response (`listedIn`). */
  item: ItemView,
});
export type PlanItem = z.infer<typeof PlanItem>;

/** One plan at a TimePoint: its header (null if not opened by then) and its items. */
export const PlanSnapshot = z.strictObject({
  planId: z.string(),
  plan: PlanView.nullable(),
  items: z.array(PlanItem),
});
export type PlanSnapshot = z.infer<typeof PlanSnapshot>;

/** The role of an item in a plan, or null when the item is not (or not yet) in it. */
function roleIn(item: ItemView, planId: string): PlanRole | null {
  if (leadPlanOf(item) === planId) return 'lead';
  if (item.planId === planId || item.jointAllocation?.withPlanIds.includes(planId)) return 'shared';
  if (item.transfers.some((t) => t.fromPlanId === planId)) return 'transferred-out';
  return null;
}

function planItem(item: ItemView, planId: string): PlanItem | null {
  const role = roleIn(item, planId);
  if (role === null) return null;
  return {
    role,
    transferredIn: role === 'lead' && item.transfers.some((t) => t.toPlanId === planId),
    item: listedIn(item, planId),
  };
}

/**
 * Calls `visit` once for every plan the item sits in, with its role there. The common item
 * (never transferred, never shared) is answered without building a set: board summaries over
 * every item of a large ledger run through here.
 */
export function forEachPlacement(
  item: ItemView,
  visit: (planId: string, role: PlanRole, transferredIn: boolean) => void,
): void {
  if (item.jointAllocation === null && item.transfers.length === 0) {
    visit(item.planId, 'lead', false);
    return;
  }
  for (const planId of plansOf(item)) {
    const entry = planItem(item, planId);
    if (entry) visit(planId, entry.role, entry.transferredIn);
  }
}

/** Natural order of refs: "AFI.2" before "AFI.10", recommendations before AFIs by kind. */
const collator = new Intl.Collator('en', { numeric: true });
const byRef = (a: PlanItem, b: PlanItem) => collator.compare(a.item.ref, b.item.ref);

/**
 * One plan with its items at (asOf, knownAt). Reads only the items that ever named the plan:
 * O(those items × log events-per-item).
 */
export function planSnapshot(index: AsOfIndex, planId: string, at: TimePoint): PlanSnapshot | null {
  const plan = index.planAt(planId, at);
  const items: PlanItem[] = [];
  // The time point's keys once for every item (itemAt would parse them again per item).
  const keys = timeKeys(at.asOf, at.knownAt);
  for (const itemId of index.itemIdsLinkedTo(planId)) {
    const timeline = index.items.get(itemId);
    const item = timeline?.stateAt(at.asOf, at.knownAt, keys) ?? null;
    // Recorded here, by the plan read, not where the timeline keeps it: a rebuild's count points
    // make and replace that state once per event, and would pay a weak-set entry each.
    if (item !== null && timeline?.isFinished(item)) markStanding(item);
    const entry = item && planItem(item, planId);
    if (entry) items.push(entry);
  }
  if (plan === null && items.length === 0) return null;
  return { planId, plan, items: refOrders.sorted(index, planId, items) };
}

/**
 * Each plan's last ref order: the refs its items came in (the order the plan's linked items
 * are read) and where `byRef`'s stable sort put each. The sort reads nothing but the refs, so
 * the same refs in the same order sort the same way: a read whose items show those refs is
 * put in that order without the collator (a plan's items mostly keep their refs and number
 * across dates; the collator's compares were ≈ 4% of a cache-off plan read). A ref may still
 * change (a correction of `printedRef`), and items come and go with the date: any difference
 * in the refs is a fresh sort, which becomes the plan's order kept. One small entry per plan
 * read, for as long as the index lives.
 */
class RefOrders {
  private byIndex = new WeakMap<AsOfIndex, Map<string, { refs: string[]; order: number[] }>>();

  sorted(index: AsOfIndex, planId: string, items: PlanItem[]): PlanItem[] {
    const n = items.length;
    if (n < 2) return items;
    let plans = this.byIndex.get(index);
    if (plans === undefined) {
      plans = new Map();
      this.byIndex.set(index, plans);
    }
    const kept = plans.get(planId);
    if (kept !== undefined && sameRefs(kept.refs, items)) {
      const out = new Array<PlanItem>(n);
      for (let i = 0; i < n; i++) out[i] = items[kept.order[i] as number] as PlanItem;
      return out;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
      byRef(items[a] as PlanItem, items[b] as PlanItem),
    );
    plans.set(planId, { refs: items.map((e) => e.item.ref), order });
    return order.map((i) => items[i] as PlanItem);
  }
}

function sameRefs(refs: readonly string[], items: readonly PlanItem[]): boolean {
  if (refs.length !== items.length) return false;
  for (let i = 0; i < refs.length; i++) if (refs[i] !== items[i]?.item.ref) return false;
  return true;
}

const refOrders = new RefOrders();

/**
 * Every plan (optionally of one inspection) at (asOf, knownAt): each item is read once and
 * placed in every plan it sits in. "Current plans" is this at (today, now).
 */
export function allPlanSnapshots(index: AsOfIndex, at: TimePoint, inspectionId?: string): PlanSnapshot[] {
  const byPlan = new Map<string, PlanSnapshot>();
  const snapshotOf = (planId: string): PlanSnapshot => {
    let snap = byPlan.get(planId);
    if (!snap) {
      snap = { planId, plan: index.planAt(planId, at), items: [] };
      byPlan.set(planId, snap);
    }
    return snap;
  };
  for (const planId of index.plans.keys()) {
    const plan = index.planAt(planId, at);
    if (plan && (!inspectionId || plan.inspectionId === inspectionId)) snapshotOf(planId);
  }
  for (const itemId of index.items.keys()) {
    const item = index.itemAt(itemId, at);
    if (!item || (inspectionId && item.inspectionId !== inspectionId)) continue;
    forEachPlacement(item, (planId, role, transferredIn) => {
      snapshotOf(planId).items.push({ role, transferredIn, item: listedIn(item, planId) });
    });
  }
  const out = [...byPlan.values()];
  for (const snap of out) snap.items.sort(byRef);
  return out;
}

/** Every plan an item sits in, whatever its role there. */
function plansOf(item: ItemView): Set<string> {
  const plans = new Set<string>([item.planId, leadPlanOf(item)]);
  for (const p of item.jointAllocation?.withPlanIds ?? []) plans.add(p);
  for (const t of item.transfers) plans.add(t.fromPlanId);
  return plans;
}
