import { RuleViolation } from '../errors.js';
import type { AllocateJointly, TransferToPlan } from './item-commands.js';
import { itemName } from './item-name.js';
import type { ItemFacts } from './item-state.js';
import type { LedgerEventBody } from './ledger-event.js';

/*
 * Which plans answer for an item: a transfer to another portfolio's plan, or a joint allocation
 * to several. Both are judged against the plans the command's context carries (the decider does
 * no I/O), and both keep an item inside its own inspection.
 */

/** Moves an item to another plan of the same inspection. */
export function transfer(command: TransferToPlan, item: ItemFacts): LedgerEventBody[] {
  const { itemId, toPlanId, note } = command.data;
  const toPlan = command.context.toPlan;
  if (toPlanId === item.planId) {
    throw new RuleViolation(
      'item.transfer_to_same_plan',
      `${itemName(item.ref)} is already in the plan it is to be transferred to`,
      'data.toPlanId',
      { itemId, toPlanId },
    );
  }
  if (!toPlan || toPlan.planId !== toPlanId) {
    throw new RuleViolation(
      'item.transfer_plan_not_found',
      `the plan ${itemName(item.ref)} is to be transferred to is not in the ledger`,
      'data.toPlanId',
      { toPlanId },
    );
  }
  if (toPlan.inspectionId !== item.inspectionId) {
    throw new RuleViolation(
      'item.transfer_to_other_inspection',
      `the plan ${itemName(item.ref)} is to be transferred to answers another inspection than the item's`,
      'data.toPlanId',
      { toPlanId, planInspectionId: toPlan.inspectionId, inspectionId: item.inspectionId },
    );
  }
  return [
    { type: 'TransferredBetweenPortfolios', data: { itemId, fromPlanId: item.planId, toPlanId, note } },
  ];
}

/** Shares an item with other plans of its inspection, one of them (or its own) leading. */
export function allocateJointly(command: AllocateJointly, item: ItemFacts): LedgerEventBody[] {
  const { withPlanIds, leadPlanId } = command.data;
  const field = 'data.withPlanIds';
  if (withPlanIds.includes(item.planId)) {
    throw new RuleViolation(
      'item.joint_includes_own_plan',
      `${itemName(item.ref)} cannot be shared with its own plan`,
      field,
      { planId: item.planId },
    );
  }
  if (new Set(withPlanIds).size !== withPlanIds.length) {
    throw new RuleViolation('item.joint_duplicate_plan', 'a plan is named more than once', field);
  }
  for (const planId of withPlanIds) {
    const plan = command.context.plans.find((p) => p.planId === planId);
    if (!plan)
      throw new RuleViolation(
        'item.joint_plan_not_found',
        `a plan ${itemName(item.ref)} is to be shared with is not in the ledger`,
        field,
        { planId },
      );
    if (plan.inspectionId !== item.inspectionId) {
      throw new RuleViolation(
        'item.joint_plan_of_other_inspection',
        `a plan ${itemName(item.ref)} is to be shared with answers another inspection than the item's`,
        field,
        { planId, planInspectionId: plan.inspectionId, inspectionId: item.inspectionId },
      );
    }
  }
  // The lead may be the item's own plan or one of the sharers: whoever answers to the board.
  if (leadPlanId !== item.planId && !withPlanIds.includes(leadPlanId)) {
    throw new RuleViolation(
      'item.joint_lead_not_sharing',
      `the lead plan named for ${itemName(item.ref)} is neither its own plan nor one of the plans sharing it`,
      'data.leadPlanId',
      { leadPlanId },
    );
  }
  const same = [...withPlanIds].sort().join() === [...item.jointPlanIds].sort().join();
  if (same && leadPlanId === item.leadPlanId) {
    throw new RuleViolation(
      'item.joint_unchanged',
      `${itemName(item.ref)} is already allocated this way`,
      field,
    );
  }
  return [{ type: 'JointlyAllocated', data: command.data }];
}
