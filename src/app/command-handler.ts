import type { Actor, RecordedEvent } from '../domain/envelope.js';
import type { BusinessDate } from '../domain/fields.js';
import { deterministicEventId } from '../domain/ids.js';
import type { LedgerCommand } from '../domain/ledger-commands.js';
import { parseStreamId } from '../domain/streams.js';
import {
  ConcurrencyError,
  type ExpectedRevision,
  NotFoundError,
  RuleViolation,
  ValidationError,
} from '../errors.js';
import { checkExpectedRevision } from '../store/append-rules.js';
import type { AppendResult, EventStore } from '../store/event-store.js';
import { type Aggregate, aggregateOf, commandTarget, type LoadedStream } from './aggregates.js';
import { type StampedEvent, stamp } from './stamp.js';

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

/**
 * The stream given must be the one the command's data names (`commandTarget`, the one place
 * that is worked out); corrections name an event, not a stream, so they go where they are sent.
 */
function checkAddressed(streamId: string, kind: string, command: CommandBody): void {
  const target = commandTarget(command);
  if (target === null || target.streamId === streamId) return;
  if (target.kind !== kind) {
    throw new ValidationError(`invalid command for the ${kind} stream`, [
      { path: 'command.type', message: `${command.type} is not a command of the ${kind} stream` },
    ]);
  }
  throw new RuleViolation(
    'command.wrong_stream',
    `the command is about another ${target.kind} than the one it was sent to`,
    target.field,
    { commandStreamId: target.streamId, streamId },
  );
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

/** Said by a try on a cached state that may be behind the log: judge the command again on a state just read. */
const STALE = Symbol('stale');

/**
 * Loads the stream, folds it, decides, and appends with exactly the revision it read, so a
 * concurrent writer makes this append fail (ConcurrencyError) instead of being overwritten.
 *
 * The stream cache's state is tried first, without reading the store (a read after every
 * commit was a fifth of a sequential command's work): its revision becomes the append's
 * expectedRevision, checked by the store under its write lock, so a state behind the log can
 * never be written on. Any answer that a state behind the log could have caused (a conflict, a
 * refusal, nothing to append) is not given from it: the command is judged again, once, on a
 * state read from the store, exactly as it would have been without the cache. A retry with an
 * idempotency key always reads, so that it sees every earlier run.
 */
export async function handleCommand(store: EventStore, input: HandleCommandInput): Promise<CommandResult> {
  const { streamId, command } = input;
  const stream = parseStreamId(streamId);
  if (!stream) {
    throw new ValidationError('invalid stream id', [{ path: 'streamId', message: 'must be <kind>-<ULID>' }]);
  }
  checkAddressed(streamId, stream.kind, command);
  const aggregate = aggregateOf(stream.kind);
  const target = { aggregate, id: stream.id };
  const cached = input.metadata.idempotencyKey === undefined ? aggregate.cached(store, streamId) : null;
  if (cached !== null) {
    const result = await decideAndAppend(store, input, target, cached, false);
    if (result !== STALE) return result;
  }
  const loaded = await aggregate.load(store, streamId);
  const result = await decideAndAppend(store, input, target, loaded, true);
  if (result === STALE) throw new Error('a state read from the store was judged stale');
  return result;
}

/**
 * One judgement of the command on a loaded state. `read`: the state was read from the store
 * for this command; if not, every answer but a successful append is STALE.
 */
async function decideAndAppend(
  store: EventStore,
  input: HandleCommandInput,
  { aggregate, id }: { aggregate: Aggregate; id: string },
  { records, revision: actual, stream: folded }: LoadedStream,
  read: boolean,
): Promise<CommandResult | typeof STALE> {
  const { streamId, command, expectedRevision, metadata } = input;
  const key = metadata.idempotencyKey;
  // The stream id is part of the seed so that one key reused on two streams cannot collide.
  const idOf = (i: number) =>
    key === undefined ? input.newId() : deterministicEventId(`${streamId}\u0000${key}\u0000${i}`);
  let events: StampedEvent[];
  try {
    if (key !== undefined) {
      const done = earlierRun(records, idOf);
      // A retry after success: answer as the first run did (its events, and the revision its last
      // one took), even if the stream has moved on, so every instance gives the same answer.
      const last = done.at(-1);
      if (last !== undefined) return { streamId, events: done, nextRevision: last.revision, noop: true };
    }
    if (expectedRevision !== undefined) checkExpectedRevision(streamId, expectedRevision, actual);
    if (records.length === 0 && command.type !== aggregate.creates) {
      throw new NotFoundError(aggregate.kind, id);
    }
    // Before the spread: a key added after one takes V8's slow path (src/app/command-context.ts).
    const full: LedgerCommand = { metadata: { effectiveOn: metadata.effectiveOn }, ...command };
    events = stamp(folded.decide(full), { eventId: idOf, ...metadata });
  } catch (error) {
    if (read) throw error;
    return STALE;
  }
  if (events.length === 0) return read ? { streamId, events: [], nextRevision: actual, noop: true } : STALE;
  let appended: AppendResult;
  try {
    appended = await store.append(streamId, events, {
      expectedRevision: actual === -1 ? 'no_stream' : actual,
    });
  } catch (error) {
    // Only a conflict can come of the state being behind the log; the store wrote nothing.
    if (!read && error instanceof ConcurrencyError) return STALE;
    throw error;
  }
  if (!appended.noop) aggregate.appended(store, streamId, appended.events);
  return { streamId, events: appended.events, nextRevision: appended.nextRevision, noop: appended.noop };
}
