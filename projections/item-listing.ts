import { z } from 'zod';
import { BusinessDate, Ulid } from '../src/domain/fields.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { ItemView } from './item-view.js';

/**
 * What one plan sharing a jointly allocated item states for itself: each portfolio lists the item
 * with its own owner, due date and response (seed 002's AFI.22 in Operations: its own owner and
 * 31 Jul 2011, where Territorial Policing's row says 30 Jun 2011). A part the plan has not stated
 * is null, and the item's own applies (docs/architecture.md, Domain and commands).
 */
export const ItemListing = z.strictObject({
  planId: Ulid,
  owners: z
    .strictObject({ strategicLead: z.string().nullable(), actionOwner: z.string().nullable() })
    .nullable(),
  due: z
    .strictObject({
      dueDate: BusinessDate.nullable(),
      timescale: z.string().nullable(),
      escalated: z.boolean(),
    })
    .nullable(),
  response: z.strictObject({ text: z.string(), effectiveOn: BusinessDate }).nullable(),
});
export type ItemListing = z.infer<typeof ItemListing>;

type ListingFact = LedgerEvent & { type: 'OwnerAssigned' | 'DueDateChanged' | 'ResponseRecorded' };

/** The listings with one listing fact folded in (a plan's first fact starts its listing). */
export function evolveListings(
  listings: readonly ItemListing[],
  planId: string,
  event: ListingFact,
): ItemListing[] {
  const before = listings.find((l) => l.planId === planId) ?? {
    planId,
    owners: null,
    due: null,
    response: null,
  };
  const after = { ...before };
  switch (event.type) {
    case 'OwnerAssigned':
      after.owners = { strategicLead: event.data.strategicLead, actionOwner: event.data.actionOwner };
      break;
    case 'DueDateChanged': {
      const { dueDate, timescale, escalated } = event.data;
      after.due = { dueDate, timescale, escalated };
      break;
    }
    case 'ResponseRecorded':
      after.response = { text: event.data.response, effectiveOn: event.effectiveOn };
      break;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
  return [...listings.filter((l) => l.planId !== planId), after];
}

/** The later of two dated texts (on one date, the second: the one folded last). */
const later = <T extends { effectiveOn: string }>(a: T | null, b: T | null) =>
  a === null ? b : b === null ? a : b.effectiveOn >= a.effectiveOn ? b : a;

/**
 * The item as `planId` lists it: the plan's own owners, due date and response where it stated
 * them, the item's otherwise. Its latest update is its own response or the item's latest progress
 * update, whichever is later: another portfolio's response is not this plan's news.
 */
export function listedIn(item: ItemView, planId: string): ItemView {
  const listing = item.listings.find((l) => l.planId === planId);
  if (!listing || planId === item.planId) return item;
  const { owners, due, response } = listing;
  const itemResponse =
    item.initialResponse !== null && item.respondedOn !== null
      ? { text: item.initialResponse, effectiveOn: item.respondedOn }
      : null;
  const ownResponse = response ?? itemResponse;
  return {
    ...item,
    ...(owners ?? {}),
    ...(due ?? {}),
    initialResponse: response ? response.text : item.initialResponse,
    latestUpdate: later(ownResponse, item.latestPosted),
  };
}
