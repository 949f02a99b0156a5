import type { Decider } from '../domain/decider.js';
import type { Ulid } from '../domain/fields.js';
import { inspectionDecider } from '../domain/inspection-decider.js';
import { decodeEvent } from '../domain/ledger-event.js';
import type { PlanRef } from '../domain/plan-commands.js';
import { type PlanFacts, planDecider } from '../domain/plan-decider.js';
import { streamIdOf } from '../domain/streams.js';
import type { EventStore } from '../store/event-store.js';

/**
 * Loaders for the cross-stream facts a command is judged against. They run before the
 * command's own stream is read; that is safe because the facts they load (a plan exists, its
 * inspection) can only appear, never disappear or change (ids are immutable, and a creating
 * event cannot be retracted).
 */

/** Reads and folds one stream with a decider's evolve; returns its state and revision. */
export async function loadState<C, S>(
  store: EventStore,
  decider: Decider<C, S>,
  streamId: string,
): Promise<{ state: S; revision: number }> {
  const records = await store.readStream(streamId);
  const state = records.map(decodeEvent).reduce(decider.evolve, decider.initialState);
  return { state, revision: records.at(-1)?.revision ?? -1 };
}

/** A plan's current facts, or null when no such plan was opened. */
export async function loadPlan(store: EventStore, planId: Ulid): Promise<PlanFacts | null> {
  return (await loadState(store, planDecider, streamIdOf('plan', planId))).state.plan;
}

/** What other aggregates need to know of a plan, or null when it does not exist. */
export async function loadPlanRef(store: EventStore, planId: Ulid): Promise<PlanRef | null> {
  const plan = await loadPlan(store, planId);
  return plan ? { planId: plan.planId, inspectionId: plan.inspectionId } : null;
}

/** The inspection as OpenPlan's context needs it, or null when it is not registered. */
export async function loadInspectionRef(store: EventStore, inspectionId: Ulid) {
  const { state } = await loadState(store, inspectionDecider, streamIdOf('inspection', inspectionId));
  return state.inspection ? { inspectionId: state.inspection.inspectionId } : null;
}
