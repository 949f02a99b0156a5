import { describe, it } from 'vitest';
import { itemDecider } from '../../src/domain/item-decider.js';
import { deciderSpec } from './decider-spec.js';
import { ITEM, meta, PLAN, PLAN_B, PLAN_C, received } from './fixtures.js';

/**
 * A jointly allocated item is listed by each sharing plan with its own owners, due date and
 * response (seed 002's AFI.22): those facts carry the listing's plan id.
 */
const spec = deciderSpec(itemDecider);

const shared = {
  type: 'JointlyAllocated' as const,
  data: { itemId: ITEM, withPlanIds: [PLAN_B], leadPlanId: PLAN },
};
const assign = (listingPlanId: string | null, actionOwner: string | null) => ({
  type: 'AssignOwner' as const,
  data: { itemId: ITEM, listingPlanId, strategicLead: null, actionOwner },
  metadata: meta(),
});
const respond = (listingPlanId: string | null, response: string) => ({
  type: 'RecordResponse' as const,
  data: { itemId: ITEM, listingPlanId, response },
  metadata: meta(),
});
const due = (listingPlanId: string | null, dueDate: string, escalated = false) => ({
  type: 'ChangeDueDate' as const,
  data: { itemId: ITEM, listingPlanId, dueDate, timescale: null, reason: 'As the plan lists it', escalated },
  metadata: meta(),
});
const ownersOf = (listingPlanId: string | null, actionOwner: string | null) => ({
  type: 'OwnerAssigned' as const,
  data: { itemId: ITEM, listingPlanId, strategicLead: null, actionOwner },
});

describe('facts about one listing of a jointly allocated item', () => {
  it('given the item shared with plan B, when plan B states its own owner, then the fact names its listing', () => {
    spec
      .given([received(), shared])
      .when(assign(PLAN_B, 'ACC Territorial Policing'))
      .then([ownersOf(PLAN_B, 'ACC Territorial Policing')]);
  });

  it('given the item has an owner, when a sharing plan states the same name for its listing, then it is recorded (the listing had none of its own)', () => {
    spec
      .given([received(), shared, ownersOf(null, 'Supt Pacey')])
      .when(assign(PLAN_B, 'Supt Pacey'))
      .then([ownersOf(PLAN_B, 'Supt Pacey')]);
  });

  it('given a listing with an owner, when the same owner is stated again, then it is refused as unchanged', () => {
    spec
      .given([received(), shared, ownersOf(PLAN_B, 'ACC TP')])
      .when(assign(PLAN_B, 'ACC TP'))
      .thenThrows('item.owner_unchanged', 'data.strategicLead');
  });

  it('given a plan that does not share the item, when a listing fact names it, then it is refused', () => {
    spec
      .given([received(), shared])
      .when(respond(PLAN_C, 'Accepted.'))
      .thenThrows('item.listing_not_shared', 'data.listingPlanId');
  });

  it("given the item's own plan named as a listing, then it is refused (null is the item itself)", () => {
    spec
      .given([received(), shared])
      .when(assign(PLAN, 'Supt Jones'))
      .thenThrows('item.listing_not_shared', 'data.listingPlanId');
  });

  it("given the item's response, when a sharing plan records the same text as its own, then it is its listing's response", () => {
    spec
      .given([
        received(),
        shared,
        { type: 'ResponseRecorded', data: { itemId: ITEM, listingPlanId: null, response: 'Accepted.' } },
      ])
      .when(respond(PLAN_B, 'Accepted.'))
      .then([
        { type: 'ResponseRecorded', data: { itemId: ITEM, listingPlanId: PLAN_B, response: 'Accepted.' } },
      ]);
  });

  it('given a listing due on 31 Jul, when it is escalated to a later date, then it is refused; to an earlier one, accepted', () => {
    const listed = {
      type: 'DueDateChanged' as const,
      data: {
        itemId: ITEM,
        listingPlanId: PLAN_B,
        dueDate: '2011-07-31',
        timescale: null,
        reason: 'As listed',
        escalated: false,
      },
    };
    spec
      .given([received(), shared, listed])
      .when(due(PLAN_B, '2011-08-31', true))
      .thenThrows('item.escalation_not_earlier', 'data.dueDate');
    spec
      .given([received(), shared, listed])
      .when(due(PLAN_B, '2011-07-15', true))
      .then([
        {
          ...listed,
          data: { ...listed.data, dueDate: '2011-07-15', reason: 'As the plan lists it', escalated: true },
        },
      ]);
  });
});
