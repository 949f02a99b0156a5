import { RuleViolation } from '../errors.js';
import type { BusinessDate } from './fields.js';
import { itemName } from './item-name.js';
import { type ItemFacts, listingOf } from './item-state.js';

/**
 * A jointly allocated item is listed by every plan sharing it, each with its own owner, due date
 * and response (seed 002's AFI.22: Operations' row names its own owner and a later due date than
 * Territorial Policing's). A fact with a `listingPlanId` is about that plan's listing; these are
 * the rules and the "current value" each fact is compared with (docs/architecture.md, Domain and
 * commands).
 */

/** A listing fact must name a plan that shares the item; the item's own plan is the item itself. */
export function requireSharingPlan(item: ItemFacts, listingPlanId: string | null): void {
  if (listingPlanId === null || item.jointPlanIds.includes(listingPlanId)) return;
  const why =
    listingPlanId === item.planId
      ? `the plan named is ${itemName(item.ref)}'s own plan: leave listingPlanId out (null) for the item itself`
      : `the plan named does not share ${itemName(item.ref)}: allocate it jointly first`;
  throw new RuleViolation('item.listing_not_shared', why, 'data.listingPlanId', { listingPlanId });
}

/** The owners as that listing (or the item) states them now; undefined: the listing stated none. */
export function ownersStated(item: ItemFacts, listingPlanId: string | null) {
  if (listingPlanId === null) return { strategicLead: item.strategicLead, actionOwner: item.actionOwner };
  return listingOf(item, listingPlanId).owners ?? undefined;
}

/** The due date as that listing (or the item) states it now; undefined: the listing stated none. */
export function dueStated(
  item: ItemFacts,
  listingPlanId: string | null,
): { dueDate: BusinessDate | null; timescale: string | null } | undefined {
  if (listingPlanId === null) return { dueDate: item.dueDate, timescale: item.timescale };
  return listingOf(item, listingPlanId).due ?? undefined;
}

/** The response as that listing (or the item) states it now. */
export function responseStated(item: ItemFacts, listingPlanId: string | null): string | null {
  return listingPlanId === null ? item.response : listingOf(item, listingPlanId).response;
}
