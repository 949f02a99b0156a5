import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  type ReadPosition,
  START,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { DuplicateEventError, type ExpectedRevision, LedgerError, ValidationError } from '../errors.js';
import { checkExpectedRevision, prepareAppend } from './append-rules.js';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from './event-store.js';
import { batchesOf, DEFAULT_MAX_APPEND_BYTES, toWire } from './eventstoredb-batches.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
import { claimIds, type IdClaim, readClaims } from './eventstoredb-id-claims.js';
import {
  ID_CLAIM_STREAM_PREFIX,
  isLedgerStream,
  isStreamNotFound,
  isTransientConnectionError,
  numberToPosition,
  positionToNumber,
  toConcurrencyError,
  wireExpectedRevision,
} from './eventstoredb-mapping.js';
import { fromEsdbEvent } from './eventstoredb-metadata.js';
import { startEsdbSubscription } from './eventstoredb-subscription.js';
import { GENESIS_HASH, sealEvents } from './hash-chain.js';

export interface EventStoreDbStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://…` for a cluster. */
  connectionString?: string;
  /** A client to use instead of connecting (tests pass a fake typed against the real client). */
  client?: EsdbClient;
  /**
   * The ledger server's clock that stamps recordedAt (never the database's). Default: system clock.
   * Only sealing reads it (migrate replays original instants through it); the id-claim grace
   * period always uses real time.
   */
  clock?: () => Date;
  /** Transient failures in a row before a subscription gives up. Default: never. */
  maxReconnectAttempts?: number;
  /** First reconnect delay of a subscription, doubling per attempt up to 5 s. Default 100 ms. */
  reconnectDelayMs?: number;
  /** Bytes per append on the wire; larger appends are cut into batches. Default 1,000,000 (the server takes 1 MiB). */
  maxAppendBytes?: number;
}

/** Events per read of $all: bounds memory, however long the log. */
const PAGE = 500;
/** Events per backward read when looking for the head: usually the first few hold a ledger event. */
const HEAD_PAGE = 32;
/** An `any`/`stream_exists` append that loses a race re-reads and re-seals this many times. */
const MAX_RESEALS = 5;

const nonNegative = (name: string, value: number | null | undefined, min = 0) => {
  if (value !== undefined && value !== null && (!Number.isSafeInteger(value) || value < min)) {
    throw new ValidationError(`invalid ${name}`, [{ path: name, message: `must be an integer ≥ ${min}` }]);
  }
};

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** What the claims say about ids already stored in this stream. */
type Stored = { kind: 'none' } | { kind: 'all'; result: AppendResult };

/**
 * The store port on EventStoreDB (DESIGN §5, docs/architecture.md Store), for running the
 * ledger on a cluster. Sealing is the same as the embedded store's, so a chain is
 * byte-identical whichever store holds it. Every append names an exact expected revision on
 * the wire, whatever the caller asked; every read names the leader.
 */
export class EventStoreDbStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly clock: () => Date;
  private readonly subscriptions = new Set<Subscription>();
  private readonly options: EventStoreDbStoreOptions;
  private closed = false;

  constructor(options: EventStoreDbStoreOptions) {
    if (!options.client && !options.connectionString)
      throw new Error('a connection string or a client is required');
    this.client = options.client ?? EventStoreDBClient.connectionString(options.connectionString ?? '');
    this.clock = options.clock ?? (() => new Date());
    this.options = options;
  }

  /**
   * Order of checks, mirroring the SQLite adapter: (1) the ids' claims: ids stored at these
   * places in this stream → no-op with the stored events; some of them only, or ids held by
   * another stream → DuplicateEventError; (2) expectedRevision against the stream's head → ConcurrencyError;
   * (3) claim the ids; (4) seal and append at the exact head revision, in batches under the
   * server's size limit; (5) read the written events back from the leader, and check they are
   * ours: the same ids sealed by a concurrent identical append are a no-op, as in SQLite.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    if (!isLedgerStream(streamId)) {
      throw new ValidationError('invalid streamId', [
        { path: 'streamId', message: `must not start with "$" or "${ID_CLAIM_STREAM_PREFIX}"` },
      ]);
    }
    const expected = options.expectedRevision;
    const prepared = prepareAppend(streamId, events, expected);
    const ids = prepared.map((p) => p.event.eventId);
    const maxBytes = this.options.maxAppendBytes ?? DEFAULT_MAX_APPEND_BYTES;
    for (let attempt = 0; ; attempt++) {
      const claims = await readClaims(this.client, ids);
      const stored = await this.storedAlready(streamId, ids, claims);
      if (stored.kind === 'all') return stored.result;
      const head = await this.head(streamId);
      const current = head?.revision ?? -1;
      checkExpectedRevision(streamId, expected, current);
      if (prepared.length === 0) return { nextRevision: current, events: [], noop: true };
      await claimIds(this.deps(), streamId, ids, current + 1, claims);
      const sealed = sealEvents(
        streamId,
        prepared.map((p) => p.event),
        current + 1,
        head?.hash ?? GENESIS_HASH,
        this.clock().toISOString(),
      );
      const wire = sealed.map(toWire);
      try {
        let revision = current;
        for (const batch of batchesOf(wire, maxBytes)) {
          const expectedOnWire = wireExpectedRevision(revision);
          const result = await this.client.appendToStream(
            streamId,
            batch.map((w) => w.data),
            { expectedRevision: expectedOnWire, ...ON_LEADER },
          );
          // throwOnAppendFailure=false (a legal connection-string key) reports a conflict instead of throwing it.
          if (!result.success) {
            throw new WrongExpectedVersionError(undefined, {
              streamName: streamId,
              expected: expectedOnWire,
              current: result.nextExpectedRevision < 0n ? NO_STREAM : result.nextExpectedRevision,
            });
          }
          revision += batch.length;
        }
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const raced = await this.storedAlready(streamId, ids, await readClaims(this.client, ids));
        if (raced.kind === 'all') return raced.result;
        const flexible = expected === 'any' || expected === 'stream_exists';
        if (flexible && attempt < MAX_RESEALS) continue;
        throw toConcurrencyError(streamId, expected, error);
      }
      const written = await this.readStream(streamId, { fromRevision: current + 1, limit: sealed.length });
      const ours = written.map((e) => e.eventId).join() === ids.join();
      if (!ours) {
        throw new Error(`the leader returned other events than the ones just appended to ${streamId}`);
      }
      // The server accepts the same ids at the same place again without writing (idempotent
      // append): if another writer sealed them, this append wrote nothing.
      const noop = written.some((e, i) => e.hash !== sealed[i]?.hash);
      return { nextRevision: current + sealed.length, events: written, noop };
    }
  }

  /**
   * Which of `ids` this stream already holds, judged from their claims (each names the
   * revision it was meant for): one read of the claimed range, never of the whole stream.
   */
  private async storedAlready(
    streamId: string,
    ids: string[],
    claims: Map<string, IdClaim>,
  ): Promise<Stored> {
    if (ids.length === 0) return { kind: 'none' };
    for (const [id, claim] of claims) {
      if (claim.owner !== streamId && (await this.streamHolds(claim.owner, id, claim.revision))) {
        throw new DuplicateEventError(id, streamId);
      }
    }
    const ours = ids.map((id) => claims.get(id)).filter((c): c is IdClaim => c?.owner === streamId);
    if (ours.length === 0) return { kind: 'none' };
    const revisions = ours.map((c) => c.revision);
    const known = revisions.every((r): r is number => r !== null);
    const from = known ? Math.max(0, Math.min(...revisions) - ids.length) : 0;
    const around = await this.readStream(
      streamId,
      known ? { fromRevision: from, limit: ids.length * 3 } : {},
    );
    const byId = new Map(around.map((e) => [e.eventId, e]));
    const found = ids.map((id) => byId.get(id));
    const count = found.filter((e) => e !== undefined).length;
    if (count === 0) return { kind: 'none' };
    const first = found[0];
    const inPlace = (n: number) =>
      found.slice(0, n).every((e, i) => e && first && e.revision === first.revision + i);
    const events = found.filter((e): e is RecordedEvent => e !== undefined);
    if (first && count === ids.length && inPlace(count)) {
      return { kind: 'all', result: { nextRevision: first.revision + ids.length - 1, events, noop: true } };
    }
    // Some ids only, or elsewhere: as on SQLite. (A batched append cut off between batches
    // leaves such a prefix: re-running it is this error too; docs/operations.md.)
    throw new DuplicateEventError(ids.find((id) => byId.has(id)) ?? '', streamId);
  }

  private async head(streamId: string): Promise<RecordedEvent | null> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last ?? null;
  }

  /** A missing stream reads as empty. Backwards without fromRevision starts at the stream's end. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    nonNegative('fromRevision', options.fromRevision);
    nonNegative('limit', options.limit);
    if (options.limit === 0) return [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const reading = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
      ...(options.limit === undefined ? {} : { maxCount: options.limit }),
      ...ON_LEADER,
    });
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of reading) if (resolved.event) out.push(fromEsdbEvent(resolved.event));
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  /**
   * The log from `fromPosition` (inclusive), system and bookkeeping events skipped. Positions
   * are log offsets: only an event's own position is a place the server can start reading. The
   * usual cursor is the previous page's last position plus one, so the read starts at that
   * last event (skipped: it is before `fromPosition`) and costs one call; `fromPosition` itself
   * is tried next. Any other value is a ValidationError, never a scan of the log from its start.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    nonNegative('fromPosition', options.fromPosition);
    nonNegative('limit', options.limit);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return [];
    const from = options.fromPosition ?? 0;
    if (from === 0) return this.readAllFrom(START, -1, limit);
    for (const start of [from - 1, from]) {
      try {
        return await this.readAllFrom(numberToPosition(start), from - 1, limit);
      } catch (error) {
        // A connection failure or an unreadable event would fail the same way again.
        if (isTransientConnectionError(error) || error instanceof LedgerError) throw error;
      }
    }
    throw new ValidationError('invalid fromPosition', [
      { path: 'fromPosition', message: `${from} is not a position of this log (nor one past an event)` },
    ]);
  }

  private async readAllFrom(start: ReadPosition, after: number, limit: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    let cursor = start;
    let seen: bigint | null = null;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({
          fromPosition: cursor,
          maxCount: PAGE,
          direction: FORWARDS,
          resolveLinkTos: false,
          ...ON_LEADER,
        }),
      );
      let last: AllStreamResolvedEvent['event'];
      for (const { event } of page) {
        if (!event) continue;
        last = event;
        if (seen !== null && event.position.commit <= seen) continue;
        if (!isLedgerStream(event.streamId)) continue;
        const recorded = fromEsdbEvent(event);
        if (recorded.position <= after) continue;
        out.push(recorded);
        if (out.length >= limit) return out;
      }
      if (page.length < PAGE || !last) return out;
      cursor = last.position;
      seen = last.position.commit;
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    return (await this.head(streamId))?.revision ?? -1;
  }

  /** The position of the last ledger event, read backwards in small pages; -1 when none. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    let cursor: ReadPosition = END;
    let size = HEAD_PAGE;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({
          fromPosition: cursor,
          maxCount: size,
          direction: BACKWARDS,
          resolveLinkTos: false,
          ...ON_LEADER,
        }),
      );
      for (const { event } of page) {
        if (event && isLedgerStream(event.streamId)) return positionToNumber(event.position);
      }
      const last = page.at(-1)?.event;
      if (page.length < size || !last) return -1;
      // The page's last event was looked at: the next page starts there and skips it.
      cursor = last.position;
      size = Math.min(PAGE, size * 4);
    }
  }

  subscribe(
    options: SubscribeOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    this.assertOpen();
    const after = options.after ?? -1;
    if (!Number.isSafeInteger(after) || after < -1) {
      throw new ValidationError('invalid after', [{ path: 'after', message: 'must be an integer ≥ -1' }]);
    }
    const subscription = startEsdbSubscription(
      this.client,
      {
        after,
        head: () => this.headPosition(),
        maxReconnectAttempts: this.options.maxReconnectAttempts ?? Number.POSITIVE_INFINITY,
        reconnectDelayMs: this.options.reconnectDelayMs ?? 100,
        maxReconnectDelayMs: 5000,
      },
      handler,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Stops every subscription (waiting for running handlers), then disconnects. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  private deps() {
    return {
      client: this.client,
      now: () => new Date(),
      streamHolds: (s: string, id: string, revision: number | null) => this.streamHolds(s, id, revision),
    };
  }

  private async streamHolds(streamId: string, eventId: string, revision: number | null): Promise<boolean> {
    const events =
      revision === null
        ? await this.readStream(streamId)
        : await this.readStream(streamId, { fromRevision: revision, limit: 1 });
    return events.some((e) => e.eventId === eventId);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Connects to EventStoreDB (lazily: the first request opens the connection). */
export function openEventStoreDbStore(options: EventStoreDbStoreOptions): EventStoreDbStore {
  return new EventStoreDbStore(options);
}
