import type { z } from 'zod';
import { unreachable } from '../domain/decider.js';
import { itemIdFor } from '../domain/ids.js';
import { LedgerCommandInput } from '../domain/ledger-commands.js';
import { streamIdOf } from '../domain/streams.js';
import { type ExpectedRevision, ValidationError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';
import { attachContext, contextReferences } from './command-context.js';
import {
  type CommandBody,
  type CommandMetadataInput,
  type CommandResult,
  handleCommand,
} from './command-handler.js';
import { loadInspectionRef, loadPlanRef } from './context-loaders.js';

export interface ExecuteCommandInput {
  /** The command as a caller sends it (validated again here). */
  command: LedgerCommandInput;
  /**
   * The target stream. Required for CorrectEntry / RetractEntry (they apply to any stream);
   * for every other command it is derived from the data, and if given must agree.
   */
  streamId?: string;
  expectedRevision?: ExpectedRevision;
  metadata: CommandMetadataInput;
  newId: () => string;
}

/** The stream a command is addressed to, derived from its data; null for corrections. */
export function targetStreamId(command: LedgerCommandInput): string | null {
  switch (command.type) {
    case 'RegisterInspection':
      return streamIdOf('inspection', command.data.inspectionId);
    case 'OpenPlan':
    case 'ChangePlanOwner':
      return streamIdOf('plan', command.data.planId);
    case 'ReceiveRecommendation':
      return streamIdOf('item', itemIdFor(command.data.inspectionId, command.data.ref));
    case 'AssignOwner':
    case 'ChangeDueDate':
    case 'RecordResponse':
    case 'PostUpdate':
    case 'ChangeRag':
    case 'MarkComplete':
    case 'Reopen':
    case 'MarkNotApplicable':
    case 'TransferToPlan':
    case 'AllocateJointly':
      return streamIdOf('item', command.data.itemId);
    case 'PresentBoardReport':
      return streamIdOf('board', command.data.boardId);
    case 'CorrectEntry':
    case 'RetractEntry':
      return null;
    default:
      return unreachable(command);
  }
}

/** Loads the cross-stream facts a command needs from the store and attaches them as its `context`. */
export async function withContext(store: EventStore, command: LedgerCommandInput): Promise<CommandBody> {
  const refs = contextReferences(command);
  const inspections = new Map(
    await Promise.all(refs.inspections.map(async (id) => [id, await loadInspectionRef(store, id)] as const)),
  );
  const plans = new Map(
    await Promise.all(refs.plans.map(async (id) => [id, await loadPlanRef(store, id)] as const)),
  );
  return attachContext(command, {
    inspection: (id) => inspections.get(id) ?? null,
    plan: (id) => plans.get(id) ?? null,
  });
}

const issuesOf = (error: z.ZodError) =>
  error.issues.map((i) => ({ path: ['command', ...i.path.map(String)].join('.'), message: i.message }));

/**
 * The application service the API, the CLI and the importer call: validates the command,
 * finds its stream, loads its context and hands it to `handleCommand`.
 */
export async function executeCommand(store: EventStore, input: ExecuteCommandInput): Promise<CommandResult> {
  const parsed = LedgerCommandInput.safeParse(input.command);
  if (!parsed.success) throw new ValidationError('invalid command', issuesOf(parsed.error));
  const command = parsed.data;
  const derived = targetStreamId(command);
  const streamId = derived ?? input.streamId;
  if (streamId === undefined) {
    throw new ValidationError('no target stream', [
      { path: 'streamId', message: `${command.type} needs the stream of the event it names` },
    ]);
  }
  if (input.streamId !== undefined && input.streamId !== streamId) {
    throw new ValidationError('stream mismatch', [
      { path: 'streamId', message: `${command.type} with this data belongs to ${streamId}` },
    ]);
  }
  return handleCommand(store, {
    streamId,
    command: await withContext(store, command),
    ...(input.expectedRevision === undefined ? {} : { expectedRevision: input.expectedRevision }),
    metadata: input.metadata,
    newId: input.newId,
  });
}
