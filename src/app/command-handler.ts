import type { z } from 'zod';
import { boardDecider } from '../domain/board-decider.js';
import type { Decider } from '../domain/decider.js';
import { unreachable } from '../domain/decider.js';
import type { Actor, NewEvent, RecordedEvent } from '../domain/envelope.js';
import type { BusinessDate } from '../domain/fields.js';
import { deterministicEventId } from '../domain/ids.js';
import { inspectionDecider } from '../domain/inspection-decider.js';
import { itemDecider } from '../domain/item-decider.js';
import type { LedgerCommand } from '../domain/ledger-commands.js';
import { CURRENT_SCHEMA_VERSION, LedgerEventBody } from '../domain/ledger-event.js';
import { planDecider } from '../domain/plan-decider.js';
import { parseStreamId, type StreamKind, streamIdOf } from '../domain/streams.js';
import {
  ConcurrencyError,
  type ExpectedRevision,
  type FieldIssue,
  NotFoundError,
  RuleViolation,
  ValidationError,
} from '../errors.js';
import type { EventStore } from '../store/event-store.js';
import { type StreamCache, streamCaches } from './stream-cache.js';

/** A domain command without its metadata: the handler adds `effectiveOn` from the request's. */
export type CommandBody = LedgerCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'metadata'>
    : never
  : never;

/** Who / why / when, set by the server for every event the command produces. */
export interface CommandMetadataInput {
  /** The authenticated principal; never taken from a request body. */
  actor: Actor;
  correlationId: string | null;
  causationId: string | null;
  /** The business date the command becomes true; stamped on every event it produces. */
  effectiveOn: BusinessDate;
  /**
   * Makes a retry an idempotent no-op: event ids are derived from (stream, key, index), so a
   * second run finds its events already stored and returns them instead of appending again.
   */
  idempotencyKey?: string;
}

export interface HandleCommandInput {
  streamId: string;
  command: CommandBody;
  /** The revision the caller last saw (HTTP If-Match); absent: whatever the handler reads. */
  expectedRevision?: ExpectedRevision;
  metadata: CommandMetadataInput;
  /** A fresh ULID per call; used only when there is no idempotency key. */
  newId: () => string;
}

export interface CommandResult {
  streamId: string;
  /** The events the command produced (on a no-op retry, the ones the first run stored). */
  events: RecordedEvent[];
  /** The stream's revision after the command, -1 when it still does not exist. */
  nextRevision: number;
  /** True when nothing was appended (an idempotent retry). */
  noop: boolean;
}

/** The command that creates each stream kind; anything else on a missing stream is a 404. */
const CREATING_COMMAND: Record<StreamKind, CommandBody['type']> = {
  inspection: 'RegisterInspection',
  plan: 'OpenPlan',
  item: 'ReceiveRecommendation',
  board: 'PresentBoardReport',
};

const issuesOf = (error: z.ZodError, prefix: string): FieldIssue[] =>
  error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));

function revisionMatches(expected: ExpectedRevision, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
}

/** A loaded stream and the decider that judges commands against it. */
interface StreamView {
  records: RecordedEvent[];
  revision: number;
  decide(command: unknown): LedgerEventBody[];
}

/** Loads (through the cache) and folds a stream: the one place a command meets the state it is judged by. */
async function viewWith<C, S>(
  decider: Decider<C, S>,
  cache: StreamCache<S>,
  store: EventStore,
  kind: StreamKind,
  streamId: string,
): Promise<StreamView> {
  const entry = await cache.load(store, streamId);
  return {
    records: entry.records,
    revision: entry.revision,
    decide(raw) {
      const parsed = decider.commandSchema.safeParse(raw);
      if (!parsed.success) {
        throw new ValidationError(
          `invalid command for the ${kind} stream`,
          issuesOf(parsed.error, 'command'),
        );
      }
      return decider.decide(parsed.data, entry.state);
    },
  };
}

function viewOf(store: EventStore, kind: StreamKind, streamId: string): Promise<StreamView> {
  switch (kind) {
    case 'inspection':
      return viewWith(inspectionDecider, streamCaches.inspection(store), store, kind, streamId);
    case 'plan':
      return viewWith(planDecider, streamCaches.plan(store), store, kind, streamId);
    case 'item':
      return viewWith(itemDecider, streamCaches.item(store), store, kind, streamId);
    case 'board':
      return viewWith(boardDecider, streamCaches.board(store), store, kind, streamId);
    default:
      return unreachable(kind);
  }
}

/** The stream an event body belongs to, and the field naming it; null for corrections (any stream). */
function ownerOf(body: LedgerEventBody): { streamId: string; field: string } | null {
  switch (body.type) {
    case 'InspectionRegistered':
      return { streamId: streamIdOf('inspection', body.data.inspectionId), field: 'data.inspectionId' };
    case 'PlanOpened':
    case 'PlanOwnerChanged':
      return { streamId: streamIdOf('plan', body.data.planId), field: 'data.planId' };
    case 'RecommendationReceived':
      return { streamId: streamIdOf('item', body.data.itemId), field: 'data.ref' };
    case 'OwnerAssigned':
    case 'DueDateChanged':
    case 'ResponseRecorded':
    case 'UpdatePosted':
    case 'RagChanged':
    case 'MarkedComplete':
    case 'Reopened':
    case 'MarkedNotApplicable':
    case 'TransferredBetweenPortfolios':
    case 'JointlyAllocated':
      return { streamId: streamIdOf('item', body.data.itemId), field: 'data.itemId' };
    case 'BoardReportPresented':
      return { streamId: streamIdOf('board', body.data.boardId), field: 'data.boardId' };
    case 'EntryCorrected':
    case 'EntryRetracted':
      return null;
    default:
      return unreachable(body);
  }
}

/**
 * Defence in depth: every outgoing body is re-validated against the catalogue and must name
 * the stream it is appended to, so an invalid or misaddressed event never reaches the store.
 */
function checkOutgoing(streamId: string, bodies: LedgerEventBody[]): LedgerEventBody[] {
  return bodies.map((body, i) => {
    const parsed = LedgerEventBody.safeParse(body);
    if (!parsed.success)
      throw new ValidationError('decided an invalid event', issuesOf(parsed.error, `events.${i}`));
    const owner = ownerOf(parsed.data);
    if (owner && owner.streamId !== streamId) {
      throw new RuleViolation(
        'command.wrong_stream',
        `the command is about ${owner.streamId}, not ${streamId}`,
        owner.field,
      );
    }
    return parsed.data;
  });
}

/** The events a previous run with this idempotency key stored, in order; empty when none. */
function earlierRun(records: RecordedEvent[], idOf: (i: number) => string): RecordedEvent[] {
  const byId = new Map(records.map((r) => [r.eventId, r]));
  const found: RecordedEvent[] = [];
  for (let i = 0; ; i++) {
    const record = byId.get(idOf(i));
    if (!record) return found;
    found.push(record);
  }
}

/**
 * Loads the stream, folds it, decides, and appends with exactly the revision it read, so a
 * concurrent writer makes this append fail (ConcurrencyError) instead of being overwritten.
 */
export async function handleCommand(store: EventStore, input: HandleCommandInput): Promise<CommandResult> {
  const { streamId, command, expectedRevision, metadata } = input;
  const stream = parseStreamId(streamId);
  if (!stream) {
    throw new ValidationError('invalid stream id', [{ path: 'streamId', message: 'must be <kind>-<ULID>' }]);
  }
  const view = await viewOf(store, stream.kind, streamId);
  const records = view.records;
  const actual = view.revision;
  const key = metadata.idempotencyKey;
  // The stream id is part of the seed so that one key reused on two streams cannot collide.
  const idOf = (i: number) =>
    key === undefined ? input.newId() : deterministicEventId(`${streamId}\u0000${key}\u0000${i}`);
  if (key !== undefined) {
    const done = earlierRun(records, idOf);
    // A retry after success: answer as the first run did, even if the stream has moved on.
    if (done.length > 0) return { streamId, events: done, nextRevision: actual, noop: true };
  }
  if (expectedRevision !== undefined && !revisionMatches(expectedRevision, actual)) {
    throw new ConcurrencyError(streamId, expectedRevision, actual);
  }
  if (records.length === 0 && command.type !== CREATING_COMMAND[stream.kind]) {
    throw new NotFoundError(stream.kind, stream.id);
  }
  const full = { ...command, metadata: { effectiveOn: metadata.effectiveOn } };
  const bodies = checkOutgoing(streamId, view.decide(full));
  if (bodies.length === 0) return { streamId, events: [], nextRevision: actual, noop: true };
  const events: NewEvent[] = bodies.map((body, i) => ({
    eventId: idOf(i),
    type: body.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[body.type],
    data: body.data,
    effectiveOn: metadata.effectiveOn,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  }));
  const appended = await store.append(streamId, events, {
    expectedRevision: actual === -1 ? 'no_stream' : actual,
  });
  return { streamId, events: appended.events, nextRevision: appended.nextRevision, noop: appended.noop };
}
