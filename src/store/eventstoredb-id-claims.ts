import {
  BACKWARDS,
  END,
  type EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { z } from 'zod';
import { DuplicateEventError } from '../errors.js';
import { ID_CLAIM_STREAM_PREFIX, isStreamNotFound } from './eventstoredb-mapping.js';

/**
 * Ledger-wide uniqueness of event ids on EventStoreDB. The port promises that an id stored in
 * one stream cannot be appended to another (DuplicateEventError); SQLite checks that with an
 * index, but EventStoreDB has no index by event id and (before multi-stream appends) no atomic
 * write across two streams. So each id is first claimed in its own stream,
 * `ledger-event-id-<ULID>`, with expected revision no_stream: the server lets exactly one
 * writer create it, and the claim names the ledger stream that owns the id.
 *
 * Claim and append are two writes. A claim left behind by an append that then failed (a
 * ConcurrencyError, a crash) names a stream that does not hold the id; after a grace period
 * another stream may take the claim over. Within the grace period the claim is honoured, so a
 * slow but successful append racing an append of the same id elsewhere cannot lose its id.
 */

const CLAIM_TYPE = 'LedgerEventIdClaimed';
const Claim = z.strictObject({ streamId: z.string().min(1) });

/** Older claims whose stream does not hold the id are orphans and may be taken over. */
export const ORPHAN_CLAIM_GRACE_MS = 60_000;
const MAX_ATTEMPTS = 3;

export interface IdClaimsDeps {
  client: EventStoreDBClient;
  /** True when `streamId` holds an event with this (ULID) id. */
  streamHolds(streamId: string, eventId: string): Promise<boolean>;
  now(): Date;
}

/** The claim stream of one event id. */
export const claimStreamOf = (eventId: string): string => `${ID_CLAIM_STREAM_PREFIX}${eventId}`;

/** Claims every id for `streamId`, or throws DuplicateEventError naming the first id owned elsewhere. */
export async function claimIds(deps: IdClaimsDeps, streamId: string, eventIds: string[]): Promise<void> {
  for (const eventId of eventIds) await claimOne(deps, streamId, eventId);
}

async function claimOne(deps: IdClaimsDeps, streamId: string, eventId: string): Promise<void> {
  const stream = claimStreamOf(eventId);
  const claim = jsonEvent({ type: CLAIM_TYPE, data: { streamId } });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await readClaim(deps.client, stream, eventId);
    if (existing === null) {
      if (await tryAppend(deps.client, stream, claim, NO_STREAM)) return;
      continue;
    }
    // Our own claim: an earlier attempt of this same append, or a failed one; the caller has
    // already checked this stream, so the id is free to use here.
    if (existing.owner === streamId) return;
    if (await deps.streamHolds(existing.owner, eventId)) throw new DuplicateEventError(eventId, streamId);
    const age = deps.now().getTime() - existing.created.getTime();
    if (age < ORPHAN_CLAIM_GRACE_MS) throw new DuplicateEventError(eventId, streamId);
    if (await tryAppend(deps.client, stream, claim, existing.revision)) return;
  }
  throw new DuplicateEventError(eventId, streamId);
}

async function tryAppend(
  client: EventStoreDBClient,
  stream: string,
  claim: ReturnType<typeof jsonEvent>,
  expectedRevision: bigint | typeof NO_STREAM,
): Promise<boolean> {
  try {
    await client.appendToStream(stream, claim, { expectedRevision });
    return true;
  } catch (error) {
    // Someone else claimed (or re-claimed) it meanwhile: look again.
    if (error instanceof WrongExpectedVersionError) return false;
    throw error;
  }
}

async function readClaim(
  client: EventStoreDBClient,
  stream: string,
  eventId: string,
): Promise<{ owner: string; revision: bigint; created: Date } | null> {
  try {
    for await (const resolved of client.readStream(stream, {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    })) {
      const event = resolved.event;
      if (!event) continue;
      const parsed = Claim.safeParse(event.data);
      if (!parsed.success) throw new Error(`claim stream for event ${eventId} holds an unreadable claim`);
      return { owner: parsed.data.streamId, revision: event.revision, created: event.created };
    }
    return null;
  } catch (error) {
    if (isStreamNotFound(error)) return null;
    throw error;
  }
}
