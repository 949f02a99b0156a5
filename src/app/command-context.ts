import { unreachable } from '../domain/decider.js';
import type { Ulid } from '../domain/fields.js';
import type { LedgerCommandInput } from '../domain/ledger-commands.js';
import type { PlanRef } from '../domain/plan-commands.js';
import type { CommandBody } from './command-handler.js';

/**
 * Where a command's cross-stream facts come from: the store (the API's path) or what an import
 * has decided so far (the importer's path). Both attach context through `attachContext`, so a
 * command is judged against the same facts whichever way it arrives.
 */
export interface ContextLookup {
  inspection(inspectionId: Ulid): { inspectionId: Ulid } | null;
  plan(planId: Ulid): PlanRef | null;
}

/** The other streams whose facts a command needs, so an async caller can load them first. */
export function contextReferences(command: LedgerCommandInput): { inspections: Ulid[]; plans: Ulid[] } {
  switch (command.type) {
    case 'OpenPlan':
      return { inspections: [command.data.inspectionId], plans: [] };
    case 'ReceiveRecommendation':
      return { inspections: [], plans: [command.data.planId] };
    case 'TransferToPlan':
      return { inspections: [], plans: [command.data.toPlanId] };
    case 'AllocateJointly':
      return { inspections: [], plans: [...new Set(command.data.withPlanIds)] };
    case 'PresentBoardReport':
      return { inspections: [], plans: [...new Set(command.data.planIds)] };
    case 'RegisterInspection':
    case 'ChangePlanOwner':
    case 'AssignOwner':
    case 'ChangeDueDate':
    case 'RecordResponse':
    case 'PostUpdate':
    case 'ChangeRag':
    case 'MarkComplete':
    case 'Reopen':
    case 'MarkNotApplicable':
    case 'CorrectEntry':
    case 'RetractEntry':
      return { inspections: [], plans: [] };
    default:
      return unreachable(command);
  }
}

/** The plans among `planIds` that exist, each once (a missing one is left for the decider to name). */
function existingPlans(lookup: ContextLookup, planIds: readonly Ulid[]): PlanRef[] {
  return [...new Set(planIds)].flatMap((id) => lookup.plan(id) ?? []);
}

/**
 * Attaches the facts from other streams that the command is judged against. Pure. Each command is
 * built as one literal: spreading it and adding `context` after took V8's slow path (a key added
 * after a spread costs ~10 µs, measured; an import attaches context to every command).
 */
export function attachContext(command: LedgerCommandInput, lookup: ContextLookup): CommandBody {
  switch (command.type) {
    case 'OpenPlan':
      return {
        type: command.type,
        data: command.data,
        context: { inspection: lookup.inspection(command.data.inspectionId) },
      };
    case 'ReceiveRecommendation':
      return { type: command.type, data: command.data, context: { plan: lookup.plan(command.data.planId) } };
    case 'TransferToPlan':
      return {
        type: command.type,
        data: command.data,
        context: { toPlan: lookup.plan(command.data.toPlanId) },
      };
    case 'AllocateJointly':
      return {
        type: command.type,
        data: command.data,
        context: { plans: existingPlans(lookup, command.data.withPlanIds) },
      };
    case 'PresentBoardReport':
      return {
        type: command.type,
        data: command.data,
        context: { plans: existingPlans(lookup, command.data.planIds) },
      };
    case 'RegisterInspection':
    case 'ChangePlanOwner':
    case 'AssignOwner':
    case 'ChangeDueDate':
    case 'RecordResponse':
    case 'PostUpdate':
    case 'ChangeRag':
    case 'MarkComplete':
    case 'Reopen':
    case 'MarkNotApplicable':
    case 'CorrectEntry':
    case 'RetractEntry':
      return command;
    default:
      return unreachable(command);
  }
}
