import type { LedgerEvent } from '../src/domain/ledger-event.js';

/** Shared by the event types that name no plan (most of them): no array per event. */
const NO_PLANS: readonly string[] = [];

/**
 * The plans an item event links the item to. Corrections cannot change ids (the decider and
 * effective-events.ts both ignore id fields), so only the originals need reading.
 */
export function planIdsNamedBy(event: LedgerEvent): readonly string[] {
  switch (event.type) {
    case 'RecommendationReceived':
      return [event.data.planId];
    case 'TransferredBetweenPortfolios':
      return [event.data.fromPlanId, event.data.toPlanId];
    case 'JointlyAllocated':
      return [...event.data.withPlanIds, event.data.leadPlanId];
    case 'InspectionRegistered':
    case 'PlanOpened':
    case 'PlanOwnerChanged':
    case 'OwnerAssigned':
    case 'DueDateChanged':
    case 'ResponseRecorded':
    case 'UpdatePosted':
    case 'RagChanged':
    case 'MarkedComplete':
    case 'Reopened':
    case 'MarkedNotApplicable':
    case 'BoardReportPresented':
    case 'EntryCorrected':
    case 'EntryRetracted':
      return NO_PLANS;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Remembers in `planItems` (planId → items that named it) that item `itemId` named `planId`. */
export function linkItem(planItems: Map<string, Set<string>>, planId: string, itemId: string): void {
  const set = planItems.get(planId);
  if (set) set.add(itemId);
  else planItems.set(planId, new Set([itemId]));
}
