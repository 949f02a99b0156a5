import {
  type AppendExpectedRevision,
  CancelledError,
  type CurrentRevision,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  type Position,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  type WrongExpectedVersionError,
} from '@eventstore/db-client';
import { ConcurrencyError, type ExpectedRevision } from '../errors.js';

/**
 * Pure translations between the store port's numbers and errors and the EventStoreDB client's
 * bigints, positions and errors. Kept free of I/O so every one of them is unit-tested without a
 * server (the contract suite needs a live node, which CI does not have).
 */

/**
 * A stream revision as the port's number. Revisions count events in one stream, so they never
 * come near 2^53; the guard turns an impossible value into a loud error, not a rounded number.
 */
export function revisionToNumber(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`stream revision ${revision} is outside the range the ledger supports`);
  }
  return Number(revision);
}

/**
 * The exact revision an append names on the wire. The adapter always sends an exact revision
 * (or no_stream for a new stream), never `any`: EventStoreDB only guarantees idempotent appends
 * by event id with an exact expected revision, and the hash chain was sealed on top of exactly
 * that revision, so an append landing anywhere else would break the chain.
 */
export function wireExpectedRevision(current: number): AppendExpectedRevision {
  return current < 0 ? NO_STREAM : BigInt(current);
}

/**
 * A commit position as the port's number. EventStoreDB positions are byte offsets in the
 * transaction log (bigint, increasing, not contiguous). They fit in 2^53 for any log under
 * 8 PiB, which this ledger will not reach; the guard fails loudly instead of losing precision.
 * Every event written through gRPC is its own implicit transaction, whose commit and prepare
 * positions are equal; an event with differing positions (an explicit transaction from a
 * legacy TCP client) could not be resumed from by number alone, so it is refused.
 */
export function positionToNumber(position: Position): number {
  if (position.commit !== position.prepare) {
    throw new RangeError(
      `event at commit ${position.commit} / prepare ${position.prepare} was written in an explicit transaction; the ledger cannot address it`,
    );
  }
  if (position.commit < 0n || position.commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`log position ${position.commit} is outside the range the ledger supports (2^53)`);
  }
  return Number(position.commit);
}

/** The client's position for a port position previously returned by this store. */
export function numberToPosition(position: number): Position {
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new RangeError(`log position ${position} must be a non-negative safe integer`);
  }
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** The port's "actual" revision for the client's CurrentRevision (-1 = the stream does not exist). */
export function currentRevisionToNumber(current: CurrentRevision): number {
  return current === NO_STREAM ? -1 : revisionToNumber(current);
}

/**
 * The server said the stream was not where the append expected it: the port's ConcurrencyError,
 * naming the caller's own expectation (not the exact revision the adapter put on the wire).
 */
export function toConcurrencyError(
  streamId: string,
  callerExpected: ExpectedRevision,
  error: WrongExpectedVersionError,
): ConcurrencyError {
  return new ConcurrencyError(streamId, callerExpected, currentRevisionToNumber(error.actualVersion));
}

/** True for the client's "that stream does not exist" error, which the port reads as empty. */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError;
}

/**
 * True when the connection (not the request) failed: the node went away, a leader election is
 * under way, the server cancelled a long-running call, a deadline passed, an HTTP/2 stream was
 * reset, or the client could not discover a node yet. The client itself reconnects after these
 * (it treats Unavailable and Cancelled as reconnect signals), so a subscription subscribes again
 * and a read may be retried; anything else (access denied, a bad argument, a corrupt event)
 * would fail again.
 */
export function isTransientConnectionError(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /RST_STREAM|^Failed to discover after \d+ attempts/.test(message);
}

/** Prefix of the streams that record which ledger stream owns an event id (eventstoredb-id-claims.ts). */
export const ID_CLAIM_STREAM_PREFIX = 'ledger-event-id-';

/**
 * True for the streams the ledger owns. `$`-prefixed streams are EventStoreDB's own (settings,
 * stats, metadata, projections); id-claim streams are the adapter's bookkeeping. Neither is
 * part of the ledger, so reads of the log and subscriptions skip both.
 */
export function isLedgerStream(streamName: string): boolean {
  return !streamName.startsWith('$') && !streamName.startsWith(ID_CLAIM_STREAM_PREFIX);
}

/**
 * The server-side subscription filter (a .NET regex on stream names) equivalent to
 * isLedgerStream, so that system and bookkeeping events never cross the network.
 */
export const LEDGER_STREAM_REGEX = `^(?!\\$|${ID_CLAIM_STREAM_PREFIX})`;
