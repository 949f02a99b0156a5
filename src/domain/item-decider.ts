import { NotFoundError, RuleViolation } from '../errors.js';
import { dateInWords } from '../lib/date-words.js';
import { decideCorrection } from './correction-decider.js';
import { type CommandMetadata, type Decider, unreachable } from './decider.js';
import { itemIdFor } from './ids.js';
import { allocateJointly, transfer } from './item-allocation.js';
import {
  type AssignOwner,
  type ChangeDueDate,
  type ChangeRag,
  ItemCommand,
  type ReceiveRecommendation,
} from './item-commands.js';
import { dueStated, ownersStated, requireSharingPlan, responseStated } from './item-listings.js';
import { itemName } from './item-name.js';
import { evolve, type ItemFacts, type ItemState, initialState } from './item-state.js';
import type { LedgerEventBody } from './ledger-event.js';

export { evolve, type ItemFacts, type ItemState, initialState };

const closedLabel = (item: ItemFacts) => (item.status === 'complete' ? 'complete' : 'not applicable');

/**
 * Re-rating or rescheduling a closed item is meaningless until it is reopened — interactively.
 * A fact recorded as a board paper reported it (`metadata.asReported`, set only by the importer)
 * is recorded anyway: the paper is the record of what was reported. Returns the mark its event
 * carries then (`{ asReported: true }`), else nothing.
 */
function requireOpen(item: ItemFacts, action: string, metadata: CommandMetadata): { asReported?: true } {
  if (item.status === 'open') return {};
  if (metadata.asReported) return { asReported: true };
  throw new RuleViolation(
    'item.closed',
    `${itemName(item.ref)} is ${closedLabel(item)}: reopen it before you ${action}`,
    'data.itemId',
    { itemId: item.itemId },
  );
}

function receive(command: ReceiveRecommendation, state: ItemState): LedgerEventBody[] {
  const { data, context } = command;
  if (state.item) {
    throw new RuleViolation(
      'item.already_received',
      `${itemName(data.ref)} has already been received for this inspection`,
      'data.ref',
      { itemId: state.item.itemId, planId: state.item.planId },
    );
  }
  if (!context.plan || context.plan.planId !== data.planId) {
    throw new RuleViolation(
      'item.plan_not_found',
      `the plan ${itemName(data.ref)} is to be received into is not in the ledger: open the plan first`,
      'data.planId',
      { planId: data.planId },
    );
  }
  if (context.plan.inspectionId !== data.inspectionId) {
    throw new RuleViolation(
      'item.plan_of_other_inspection',
      `the plan named for ${itemName(data.ref)} answers another inspection than the item's`,
      'data.planId',
      { planId: data.planId, planInspectionId: context.plan.inspectionId, inspectionId: data.inspectionId },
    );
  }
  if (
    data.parentRef !== null &&
    itemIdFor(data.inspectionId, data.parentRef) === itemIdFor(data.inspectionId, data.ref)
  ) {
    throw new RuleViolation(
      'item.parent_is_self',
      `${itemName(data.ref)} cannot feed into itself`,
      'data.parentRef',
    );
  }
  return [
    { type: 'RecommendationReceived', data: { itemId: itemIdFor(data.inspectionId, data.ref), ...data } },
  ];
}

function assignOwner(command: AssignOwner, item: ItemFacts): LedgerEventBody[] {
  const { strategicLead, actionOwner, listingPlanId } = command.data;
  requireSharingPlan(item, listingPlanId);
  const now = ownersStated(item, listingPlanId);
  if (now && strategicLead === now.strategicLead && actionOwner === now.actionOwner) {
    throw new RuleViolation(
      'item.owner_unchanged',
      listingPlanId === null
        ? `${itemName(item.ref)} already has these owners`
        : `this plan's listing of ${itemName(item.ref)} already has these owners`,
      'data.strategicLead',
      { itemId: item.itemId, listingPlanId },
    );
  }
  return [{ type: 'OwnerAssigned', data: command.data }];
}

function changeDueDate(command: ChangeDueDate, item: ItemFacts): LedgerEventBody[] {
  const { dueDate, timescale, reason, escalated, listingPlanId } = command.data;
  // The schema already refuses a blank reason; this guards callers that skip the schema.
  if (reason.trim() === '') {
    throw new RuleViolation(
      'item.due_date_reason_required',
      'a due date change needs a reason',
      'data.reason',
    );
  }
  const mark = requireOpen(item, 'change its due date', command.metadata);
  requireSharingPlan(item, listingPlanId);
  const now = dueStated(item, listingPlanId);
  if (now && dueDate === now.dueDate && timescale === now.timescale) {
    throw new RuleViolation(
      'item.due_date_unchanged',
      `${itemName(item.ref)} is already due ${dueDate === null ? timescale : dateInWords(dueDate)}`,
      'data.dueDate',
      { itemId: item.itemId, dueDate },
    );
  }
  // A listing with no due date of its own is due when the item is.
  const before = now?.dueDate ?? item.dueDate;
  if (escalated && (dueDate === null || (before !== null && dueDate >= before))) {
    throw new RuleViolation(
      'item.escalation_not_earlier',
      `an escalation pulls the due date forward: ${dueDate === null ? 'no date' : dateInWords(dueDate)} is not before ${before === null ? 'no date' : dateInWords(before)}`,
      'data.dueDate',
      { dueDate, currentDueDate: before },
    );
  }
  return [{ type: 'DueDateChanged', data: { ...command.data, ...mark } }];
}

function changeRag(command: ChangeRag, item: ItemFacts): LedgerEventBody[] {
  const mark = requireOpen(item, 're-rate it', command.metadata);
  const { itemId, to, reason } = command.data;
  if (item.rag === to) {
    throw new RuleViolation('item.rag_unchanged', `${itemName(item.ref)} is already ${to}`, 'data.to', {
      itemId,
    });
  }
  return [{ type: 'RagChanged', data: { itemId, from: item.rag, to, reason, ...mark } }];
}

function decideExisting(
  command: Exclude<ItemCommand, ReceiveRecommendation>,
  state: ItemState,
  item: ItemFacts,
): LedgerEventBody[] {
  switch (command.type) {
    case 'AssignOwner':
      return assignOwner(command, item);
    case 'ChangeDueDate':
      return changeDueDate(command, item);
    case 'RecordResponse':
      requireSharingPlan(item, command.data.listingPlanId);
      if (command.data.response === responseStated(item, command.data.listingPlanId)) {
        throw new RuleViolation(
          'item.response_unchanged',
          `this response of ${itemName(item.ref)} is already recorded`,
          'data.response',
        );
      }
      return [{ type: 'ResponseRecorded', data: command.data }];
    case 'PostUpdate':
      // Allowed on a closed item too: boards expect closing notes ("evidence sent to HMIC")
      // after completion, and an update changes no status.
      return [{ type: 'UpdatePosted', data: command.data }];
    case 'ChangeRag':
      return changeRag(command, item);
    case 'MarkComplete':
      if (item.status === 'complete') {
        throw new RuleViolation(
          'item.already_complete',
          `${itemName(item.ref)} is already complete`,
          'data.itemId',
          { itemId: item.itemId },
        );
      }
      return [
        {
          type: 'MarkedComplete',
          data: { ...command.data, ...requireOpen(item, 'mark it complete', command.metadata) },
        },
      ];
    case 'Reopen':
      if (item.status === 'open') {
        throw new RuleViolation(
          'item.not_closed',
          `${itemName(item.ref)} is open: nothing to reopen`,
          'data.itemId',
          { itemId: item.itemId },
        );
      }
      return [{ type: 'Reopened', data: command.data }];
    case 'MarkNotApplicable':
      if (item.status === 'not-applicable') {
        throw new RuleViolation(
          'item.already_not_applicable',
          `${itemName(item.ref)} is already not applicable`,
          'data.itemId',
          { itemId: item.itemId },
        );
      }
      return [
        {
          type: 'MarkedNotApplicable',
          data: { ...command.data, ...requireOpen(item, 'mark it not applicable', command.metadata) },
        },
      ];
    case 'TransferToPlan':
      return transfer(command, item);
    case 'AllocateJointly':
      return allocateJointly(command, item);
    case 'CorrectEntry':
    case 'RetractEntry':
      return decideCorrection(command, state.journal);
    default:
      return unreachable(command);
  }
}

export function decide(command: ItemCommand, state: ItemState): LedgerEventBody[] {
  if (command.type === 'ReceiveRecommendation') return receive(command, state);
  const item = state.item;
  if (!item)
    throw new NotFoundError(
      'item',
      'itemId' in command.data ? command.data.itemId : '(this stream)',
      'this item is not in the ledger: it must be received first',
    );
  // Corrections may be dated any time after the fact; every other change must follow receipt.
  const isCorrection = command.type === 'CorrectEntry' || command.type === 'RetractEntry';
  if (!isCorrection && command.metadata.effectiveOn < item.receivedOn) {
    throw new RuleViolation(
      'item.effective_before_received',
      `${dateInWords(command.metadata.effectiveOn)} is before ${itemName(item.ref)} was received (${dateInWords(item.receivedOn)})`,
      'metadata.effectiveOn',
      { itemId: item.itemId, effectiveOn: command.metadata.effectiveOn, receivedOn: item.receivedOn },
    );
  }
  return decideExisting(command, state, item);
}

export const itemDecider: Decider<ItemCommand, ItemState> = {
  commandSchema: ItemCommand,
  initialState,
  decide,
  evolve,
};
