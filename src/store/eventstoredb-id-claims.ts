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
 * A claim is the ledger's index by event id on EventStoreDB (SQLite's is `UNIQUE(event_id)`): it
 * lives as long as its event, one small stream per event, and is not garbage. What would be
 * garbage is a claim that holds nothing. So an append that fails for good after claiming (it
 * lost a race at its exact revision, another id of it is a duplicate) releases its claims at
 * once (`releaseClaims`: a `LedgerEventIdReleased` event at the claim's exact revision, read as
 * no claim), and the id is free for any stream. Only an append whose outcome is unknown (the
 * connection lost mid-write, a crash) leaves its claim: its owner renews it (a new claim event,
 * so a fresh time and the new intended revision) every time it tries again, so its own slow or
 * retried append is never overtaken, whatever its age or the clocks' skew; after a grace
 * period another stream may take it over.
 */

const CLAIM_TYPE = 'LedgerEventIdClaimed';
const RELEASED_TYPE = 'LedgerEventIdReleased';
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
  /** Released by an append that failed for good: holds nothing, anyone may claim it. */
  released: boolean;
}

/** A claim made by this append: where it sits in its claim stream, so it can be released. */
export type MadeClaims = Map<string, bigint>;

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
): Promise<MadeClaims> {
  const outcomes = await Promise.allSettled(
    eventIds.map((id, i) => claimOne(deps, streamId, id, firstRevision + i, known.get(id) ?? null)),
  );
  const made: MadeClaims = new Map();
  outcomes.forEach((o, i) => {
    const id = eventIds[i];
    if (o.status === 'fulfilled' && id !== undefined) made.set(id, o.value);
  });
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    // The append will not happen: the claims it did make would hold nothing.
    await releaseClaims(deps.client, streamId, made);
    throw failed.reason;
  }
  return made;
}

/**
 * Releases claims this append made and will not use (it failed for good), each at the exact
 * revision it was made at, so a claim renewed or taken over since is left alone. Best effort:
 * a claim that cannot be released now is taken over after the grace period.
 */
export async function releaseClaims(client: EsdbClient, streamId: string, made: MadeClaims): Promise<void> {
  const release = jsonEvent({ type: RELEASED_TYPE, data: { streamId } });
  await Promise.allSettled(
    [...made].map(([id, revision]) => tryAppend(client, claimStreamOf(id), release, revision)),
  );
}

async function claimOne(
  deps: IdClaimsDeps,
  streamId: string,
  eventId: string,
  revision: number,
  known: IdClaim | null,
): Promise<bigint> {
  const stream = claimStreamOf(eventId);
  const claim = jsonEvent({ type: CLAIM_TYPE, data: { streamId, revision } });
  let existing = known;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) existing = await readClaim(deps.client, eventId);
    if (existing === null) {
      const made = await tryAppend(deps.client, stream, claim, NO_STREAM);
      if (made !== null) return made;
      continue;
    }
    if (existing.owner !== streamId && !existing.released) {
      if (await deps.streamHolds(existing.owner, eventId, existing.revision)) {
        throw new DuplicateEventError(eventId, streamId);
      }
      const age = deps.now().getTime() - existing.created.getTime();
      if (age < ORPHAN_CLAIM_GRACE_MS) throw new DuplicateEventError(eventId, streamId);
    }
    // Ours (an earlier attempt of this append) is renewed; a released claim or an orphan is taken over.
    const made = await tryAppend(deps.client, stream, claim, existing.claimRevision);
    if (made !== null) return made;
  }
  throw new DuplicateEventError(eventId, streamId);
}

async function tryAppend(
  client: EsdbClient,
  stream: string,
  claim: ReturnType<typeof jsonEvent>,
  expectedRevision: bigint | typeof NO_STREAM,
): Promise<bigint | null> {
  try {
    // With throwOnAppendFailure=false in the connection string a lost race is not thrown.
    const result = await client.appendToStream(stream, claim, { expectedRevision, ...ON_LEADER });
    return result.success ? result.nextExpectedRevision : null;
  } catch (error) {
    // Someone else claimed (or re-claimed) it meanwhile: look again.
    if (error instanceof WrongExpectedVersionError) return null;
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
      if (event.type === RELEASED_TYPE) {
        return {
          owner: '',
          revision: null,
          claimRevision: event.revision,
          created: event.created,
          released: true,
        };
      }
      const parsed = Claim.safeParse(event.data);
      if (!parsed.success) throw new Error(`claim stream for event ${eventId} holds an unreadable claim`);
      return {
        owner: parsed.data.streamId,
        revision: parsed.data.revision ?? null,
        claimRevision: event.revision,
        created: event.created,
        released: false,
      };
    }
    return null;
  } catch (error) {
    if (isStreamNotFound(error)) return null;
    throw error;
  }
}
