import type { Ulid } from '../domain/fields.js';
import type { ItemFacts } from '../domain/item-state.js';
import type { PlanRef } from '../domain/plan-commands.js';
import type { PlanFacts } from '../domain/plan-decider.js';
import { streamIdOf } from '../domain/streams.js';
import type { EventStore } from '../store/event-store.js';
import { aggregates } from './aggregates.js';

/**
 * Loaders for the cross-stream facts a command is judged against, through the shared stream
 * caches (each asks the store for what follows its cached revision). They run before the
 * command's own stream is read; that is safe because the facts they load (a plan exists, its
 * inspection) can only appear, never disappear or change (ids are immutable, and a creating
 * event cannot be retracted). For the same reason a plan or inspection the cache already holds
 * is taken from it without asking the store; one it does not hold is read.
 */

/** An item's current facts, or null when no such item was received. */
export async function loadItem(store: EventStore, itemId: Ulid): Promise<ItemFacts | null> {
  return (await aggregates.item.cache(store).load(store, streamIdOf('item', itemId))).state.item;
}

/** A plan's current facts, or null when no such plan was opened. */
export async function loadPlan(store: EventStore, planId: Ulid): Promise<PlanFacts | null> {
  return (await aggregates.plan.cache(store).load(store, streamIdOf('plan', planId))).state.plan;
}

/** What other aggregates need to know of a plan, or null when it does not exist. */
export async function loadPlanRef(store: EventStore, planId: Ulid): Promise<PlanRef | null> {
  const streamId = streamIdOf('plan', planId);
  const cache = aggregates.plan.cache(store);
  const plan = cache.peek(streamId)?.state.plan ?? (await cache.load(store, streamId)).state.plan;
  return plan ? { planId: plan.planId, inspectionId: plan.inspectionId } : null;
}

/** The inspection as OpenPlan's context needs it, or null when it is not registered. */
export async function loadInspectionRef(store: EventStore, inspectionId: Ulid) {
  const streamId = streamIdOf('inspection', inspectionId);
  const cache = aggregates.inspection.cache(store);
  const inspection =
    cache.peek(streamId)?.state.inspection ?? (await cache.load(store, streamId)).state.inspection;
  return inspection ? { inspectionId: inspection.inspectionId } : null;
}
