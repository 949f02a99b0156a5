/** TransferToPlan and AllocateJointly (src/domain/item-allocation.ts): which plans answer for an item. */
import { describe, it } from 'vitest';
import {
  FOREIGN_PLAN,
  ITEM,
  idFor,
  OTHER_INSPECTION,
  PLAN,
  PLAN_B,
  PLAN_C,
  planRef,
  received,
} from './fixtures.js';
import { allocate, spec, transfer } from './item-commands.js';

describe('TransferToPlan', () => {
  it('moves the item, with `from` taken from the ledger', () => {
    spec
      .given([received()])
      .when(transfer(PLAN_B, planRef(PLAN_B)))
      .then([
        {
          type: 'TransferredBetweenPortfolios',
          data: {
            itemId: ITEM,
            fromPlanId: PLAN,
            toPlanId: PLAN_B,
            note: 'Transferred from Protective Services',
          },
        },
      ]);
  });
  it('refuses the plan it is in', () => {
    spec
      .given([received()])
      .when(transfer(PLAN, planRef(PLAN)))
      .thenThrows('item.transfer_to_same_plan', 'data.toPlanId');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given([received()])
      .when(transfer(PLAN_B, null))
      .thenThrows('item.transfer_plan_not_found', 'data.toPlanId');
  });
  it("refuses another inspection's plan", () => {
    spec
      .given([received()])
      .when(transfer(FOREIGN_PLAN, planRef(FOREIGN_PLAN, OTHER_INSPECTION)))
      .thenThrows('item.transfer_to_other_inspection', 'data.toPlanId');
  });
  it('judges the next transfer from the new plan', () => {
    const moved = {
      type: 'TransferredBetweenPortfolios',
      data: { itemId: ITEM, fromPlanId: PLAN, toPlanId: PLAN_B, note: null },
    } as const;
    spec
      .given([received(), moved])
      .when(transfer(PLAN_B, planRef(PLAN_B)))
      .thenThrows('item.transfer_to_same_plan', 'data.toPlanId');
  });
});

describe('AllocateJointly', () => {
  it('shares the item with other plans of the inspection', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, PLAN_C], PLAN_B))
      .then([
        {
          type: 'JointlyAllocated',
          data: { itemId: ITEM, withPlanIds: [PLAN_B, PLAN_C], leadPlanId: PLAN_B },
        },
      ]);
  });
  it("accepts the item's own plan as lead", () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B], PLAN))
      .then([{ type: 'JointlyAllocated', data: { itemId: ITEM, withPlanIds: [PLAN_B], leadPlanId: PLAN } }]);
  });
  it("refuses the item's own plan among the others", () => {
    spec
      .given([received()])
      .when(allocate([PLAN, PLAN_B], PLAN_B))
      .thenThrows('item.joint_includes_own_plan', 'data.withPlanIds');
  });
  it('refuses a plan named twice', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, PLAN_B], PLAN_B))
      .thenThrows('item.joint_duplicate_plan', 'data.withPlanIds');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, idFor('nowhere')], PLAN_B))
      .thenThrows('item.joint_plan_not_found', 'data.withPlanIds');
  });
  it("refuses another inspection's plan", () => {
    spec
      .given([received()])
      .when(allocate([FOREIGN_PLAN], FOREIGN_PLAN, [planRef(FOREIGN_PLAN, OTHER_INSPECTION)]))
      .thenThrows('item.joint_plan_of_other_inspection', 'data.withPlanIds');
  });
  it('refuses a lead that does not share the item', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B], PLAN_C))
      .thenThrows('item.joint_lead_not_sharing', 'data.leadPlanId');
  });
  it('refuses the allocation the item already has', () => {
    spec
      .given([
        received(),
        {
          type: 'JointlyAllocated',
          data: { itemId: ITEM, withPlanIds: [PLAN_C, PLAN_B], leadPlanId: PLAN_B },
        },
      ])
      .when(allocate([PLAN_B, PLAN_C], PLAN_B))
      .thenThrows('item.joint_unchanged', 'data.withPlanIds');
  });
});
