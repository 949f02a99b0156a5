import type { CommandMetadataInput } from '../src/app/command-handler.js';
import type { ExecuteCommandInput } from '../src/app/execute-command.js';
import { unreachable } from '../src/domain/decider.js';
import type { LedgerCommandInput } from '../src/domain/ledger-commands.js';
import type { GeneratedEvent } from './generator.js';

/**
 * The command a user would have sent to produce a generated event. Driving the full command
 * path with these (and a store clock that replays the generated recordedAt) rebuilds exactly
 * the generated ledger, so the append benchmark measures real validation, loading, deciding
 * and hashing work rather than a synthetic one.
 */
export function commandFor(event: GeneratedEvent): LedgerCommandInput {
  const body = event.body;
  switch (body.type) {
    case 'InspectionRegistered':
      return { type: 'RegisterInspection', data: body.data };
    case 'PlanOpened':
      return { type: 'OpenPlan', data: body.data };
    case 'PlanOwnerChanged':
      return { type: 'ChangePlanOwner', data: body.data };
    case 'RecommendationReceived': {
      const { itemId: _derived, ...data } = body.data;
      return { type: 'ReceiveRecommendation', data };
    }
    case 'OwnerAssigned':
      return { type: 'AssignOwner', data: body.data };
    case 'DueDateChanged':
      return { type: 'ChangeDueDate', data: body.data };
    case 'ResponseRecorded':
      return { type: 'RecordResponse', data: body.data };
    case 'UpdatePosted':
      return { type: 'PostUpdate', data: body.data };
    case 'RagChanged':
      return {
        type: 'ChangeRag',
        data: { itemId: body.data.itemId, to: body.data.to, reason: body.data.reason },
      };
    case 'MarkedComplete':
      return { type: 'MarkComplete', data: body.data };
    case 'Reopened':
      return { type: 'Reopen', data: body.data };
    case 'MarkedNotApplicable':
      return { type: 'MarkNotApplicable', data: body.data };
    case 'TransferredBetweenPortfolios':
      return {
        type: 'TransferToPlan',
        data: { itemId: body.data.itemId, toPlanId: body.data.toPlanId, note: body.data.note },
      };
    case 'JointlyAllocated':
      return { type: 'AllocateJointly', data: body.data };
    case 'BoardReportPresented':
      return { type: 'PresentBoardReport', data: body.data };
    case 'EntryCorrected':
      return { type: 'CorrectEntry', data: body.data };
    case 'EntryRetracted':
      return { type: 'RetractEntry', data: body.data };
    default:
      return unreachable(body);
  }
}

/**
 * The full input of `executeCommand` for one generated event. `newId` hands back the
 * generated event id, so corrections can name their targets exactly as generated.
 */
export function executeInputFor(event: GeneratedEvent): ExecuteCommandInput {
  const metadata: CommandMetadataInput = {
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: null,
    effectiveOn: event.effectiveOn,
  };
  return { command: commandFor(event), streamId: event.streamId, metadata, newId: () => event.eventId };
}
