import type { LedgerCommandInput } from '../domain/ledger-commands.js';
import { type ExpectedRevision, ValidationError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';
import { commandTarget } from './aggregates.js';
import { attachContext, contextReferences } from './command-context.js';
import {
  type CommandBody,
  type CommandMetadataInput,
  type CommandResult,
  handleCommand,
} from './command-handler.js';
import { loadInspectionRef, loadPlanRef } from './context-loaders.js';

export interface ExecuteCommandInput {
  /** The command as a caller sends it, validated once, at the edge (the API's route schemas). */
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

/**
 * The application service the API, the sample loader and the benchmarks call: finds the
 * command's stream, loads its context and hands it to `handleCommand`. It does not validate the
 * command again: that is done once, at the edge that received it.
 */
export async function executeCommand(store: EventStore, input: ExecuteCommandInput): Promise<CommandResult> {
  const { command } = input;
  const streamId = commandTarget(command)?.streamId ?? input.streamId;
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
