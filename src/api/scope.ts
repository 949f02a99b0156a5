import { loadItem, loadPlan } from '../app/context-loaders.js';
import { coversPortfolio, type Principal } from '../auth/principal.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';

/** The portfolios of the plans an item answers to now: its plan, and any plan sharing it. */
async function portfoliosOfItem(store: EventStore, itemId: string): Promise<string[] | null> {
  const item = await loadItem(store, itemId);
  if (item === null) return null;
  const portfolios: string[] = [];
  for (const planId of [item.planId, ...item.jointPlanIds]) {
    const plan = await loadPlan(store, planId);
    if (plan !== null) portfolios.push(plan.portfolio);
  }
  return portfolios;
}

/**
 * Object-level authorisation (OWASP API1) for contributor writes: the item must belong, now,
 * to a plan of one of the key's portfolios. Other roles are not scoped. Judged on the current
 * state, not on a command's effectiveOn: who may write is a question about today.
 */
export async function assertMayContributeTo(
  store: EventStore,
  principal: Principal,
  itemId: string,
): Promise<void> {
  if (principal.role !== 'contributor') return;
  const portfolios = await portfoliosOfItem(store, itemId);
  if (portfolios === null) throw new NotFoundError('item', itemId);
  if (!portfolios.some((p) => coversPortfolio(principal, p))) {
    throw new ForbiddenError(
      `Key ${principal.keyId} may only update items of ${principal.portfolios.join(', ')}; this item belongs to ${portfolios.join(', ') || 'no known portfolio'}.`,
    );
  }
}
