import { BACKWARDS, END, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { z } from 'zod';
import { DuplicateEventError } from '../errors.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
import { ID_CLAIM_STREAM_PREFIX, isStreamNotFound } from './eventstoredb-mapping.js';

/**
 * Ledger-wide uniqueness of event ids on EventStoreDB. The port promises that an id stored in
 * one stream cannot be appended to another (DuplicateEventError); SQLite checks that with an
 * index, but EventStoreDB has no index by event id and (before multi-stream appends) no atomic
 * write across two streams. So each id is first claimed in its own stream,
 * `ledger-event-id-<ULID>`, with expected revision no_stream: the server lets exactly one
 * writer create it. The claim names the ledger stream and the revision the id is meant for, so
 * whether the id is stored there is one read of one event, never a read of the whole stream.
 *
 * Claim and append are two writes. A claim left behind by an append that then failed (a
 * ConcurrencyError, a crash) names a place that does not hold the id; after a grace period
 * another stream may take it over. The owner renews its claim (a new claim event, so a fresh
 * time and the new intended revision) every time it tries again, so its own slow or retried
 * append is never overtaken, whatever its age or the clocks' skew.
 */

const CLAIM_TYPE = 'LedgerEventIdClaimed';
const Claim = z.strictObject({
  streamId: z.string().min(1),
  /** The revision the id is meant for; absent in claims written before it was recorded. */
  revision: z.number().int().nonnegative().optional(),
});

/** Older claims whose stream does not hold the id are orphans and may be taken over. */
export const ORPHAN_CLAIM_GRACE_MS = 60_000;
const MAX_ATTEMPTS = 3;

/** One id's claim as stored. */
export interface IdClaim {
  owner: string;
  /** The revision the owner meant the id for (null for claims older than this field). */
  revision: number | null;
  claimRevision: bigint;
  created: Date;
}

export interface IdClaimsDeps {
  client: EsdbClient;
  /** True when `streamId` holds an event with this (ULID) id (at `revision`, when known). */
  streamHolds(streamId: string, eventId: string, revision: number | null): Promise<boolean>;
  now(): Date;
}

/** The claim stream of one event id. */
export const claimStreamOf = (eventId: string): string => `${ID_CLAIM_STREAM_PREFIX}${eventId}`;

/** The current claim of each id (absent: never claimed), read in parallel. */
export async function readClaims(client: EsdbClient, eventIds: string[]): Promise<Map<string, IdClaim>> {
  const found = await Promise.all(eventIds.map(async (id) => [id, await readClaim(client, id)] as const));
  const claims = new Map<string, IdClaim>();
  for (const [id, claim] of found) if (claim) claims.set(id, claim);
  return claims;
}

/**
 * Claims every id for `streamId`, the i-th for revision `firstRevision + i`, in parallel; throws
 * DuplicateEventError naming an id another stream holds (or claimed within the grace period).
 */
export async function claimIds(
  deps: IdClaimsDeps,
  streamId: string,
  eventIds: string[],
  firstRevision: number,
  known: Map<string, IdClaim>,
): Promise<void> {
  await Promise.all(
    eventIds.map((id, i) => claimOne(deps, streamId, id, firstRevision + i, known.get(id) ?? null)),
  );
}

async function claimOne(
  deps: IdClaimsDeps,
  streamId: string,
  eventId: string,
  revision: number,
  known: IdClaim | null,
): Promise<void> {
  const stream = claimStreamOf(eventId);
  const claim = jsonEvent({ type: CLAIM_TYPE, data: { streamId, revision } });
  let existing = known;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) existing = await readClaim(deps.client, eventId);
    if (existing === null) {
      if (await tryAppend(deps.client, stream, claim, NO_STREAM)) return;
      continue;
    }
    if (existing.owner !== streamId) {
      if (await deps.streamHolds(existing.owner, eventId, existing.revision)) {
        throw new DuplicateEventError(eventId, streamId);
      }
      const age = deps.now().getTime() - existing.created.getTime();
      if (age < ORPHAN_CLAIM_GRACE_MS) throw new DuplicateEventError(eventId, streamId);
    }
    // Ours (an earlier attempt of this append) is renewed; an orphan is taken over.
    if (await tryAppend(deps.client, stream, claim, existing.claimRevision)) return;
  }
  throw new DuplicateEventError(eventId, streamId);
}

async function tryAppend(
  client: EsdbClient,
  stream: string,
  claim: ReturnType<typeof jsonEvent>,
  expectedRevision: bigint | typeof NO_STREAM,
): Promise<boolean> {
  try {
    // With throwOnAppendFailure=false in the connection string a lost race is not thrown.
    const result = await client.appendToStream(stream, claim, { expectedRevision, ...ON_LEADER });
    return result.success;
  } catch (error) {
    // Someone else claimed (or re-claimed) it meanwhile: look again.
    if (error instanceof WrongExpectedVersionError) return false;
    throw error;
  }
}

async function readClaim(client: EsdbClient, eventId: string): Promise<IdClaim | null> {
  try {
    for await (const resolved of client.readStream(claimStreamOf(eventId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
      ...ON_LEADER,
    })) {
      const event = resolved.event;
      if (!event) continue;
      const parsed = Claim.safeParse(event.data);
      if (!parsed.success) throw new Error(`claim stream for event ${eventId} holds an unreadable claim`);
      return {
        owner: parsed.data.streamId,
        revision: parsed.data.revision ?? null,
        claimRevision: event.revision,
        created: event.created,
      };
    }
    return null;
  } catch (error) {
    if (isStreamNotFound(error)) return null;
    throw error;
  }
}
