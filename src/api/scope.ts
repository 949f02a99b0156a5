import { aggregates } from '../app/aggregates.js';
import { loadPlan } from '../app/context-loaders.js';
import { coversPortfolio, type Principal } from '../auth/principal.js';
import type { ItemFacts } from '../domain/item-state.js';
import { streamIdOf } from '../domain/streams.js';
import { ConcurrencyError, type ExpectedRevision, ForbiddenError, NotFoundError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';

/** The portfolios of the plans an item answers to: its plan, and any plan sharing it. */
async function portfoliosOf(store: EventStore, item: ItemFacts): Promise<string[]> {
  const portfolios: string[] = [];
  // A plan's portfolio is fixed when it is opened, so only the item's own revision matters.
  for (const planId of [item.planId, ...item.jointPlanIds]) {
    const plan = await loadPlan(store, planId);
    if (plan !== null) portfolios.push(plan.portfolio);
  }
  return portfolios;
}

/**
 * Object-level authorisation (OWASP API1) for contributor writes: the item must belong to a plan
 * of one of the key's portfolios. Other roles are not scoped, and keep the caller's expectation.
 *
 * The check holds under races because it returns the revision it judged, and the command is
 * appended expecting exactly that revision: a transfer that lands between the check and the
 * append makes the append a 409, never a write outside the contributor's scope. An If-Match
 * naming another revision is a 409 at once. Judged on the current state, not on a command's
 * effectiveOn: who may write is a question about today.
 */
export async function scopedExpectation(
  store: EventStore,
  principal: Principal,
  itemId: string,
  callerExpected: ExpectedRevision | undefined,
): Promise<ExpectedRevision | undefined> {
  if (principal.role !== 'contributor') return callerExpected;
  const streamId = streamIdOf('item', itemId);
  const { state, revision } = await aggregates.item.cache(store).load(store, streamId);
  if (state.item === null) throw new NotFoundError('item', itemId);
  const portfolios = await portfoliosOf(store, state.item);
  if (!portfolios.some((p) => coversPortfolio(principal, p))) {
    throw new ForbiddenError(
      `Key ${principal.keyId} may only update items of ${principal.portfolios.join(', ')}; this item belongs to ${portfolios.join(', ') || 'no known portfolio'}.`,
    );
  }
  if (typeof callerExpected === 'number' && callerExpected !== revision) {
    throw new ConcurrencyError(streamId, callerExpected, revision);
  }
  return revision;
}
