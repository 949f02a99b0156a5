import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  type Position,
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
import { claimIds } from './eventstoredb-id-claims.js';
import { ulidToUuid } from './eventstoredb-ids.js';
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
import { fromEsdbEvent, toEnvelopeMetadata, toJsonData } from './eventstoredb-metadata.js';
import { startEsdbSubscription } from './eventstoredb-subscription.js';
import { GENESIS_HASH, sealEvents } from './hash-chain.js';

export interface EventStoreDbStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://…` for a cluster. */
  connectionString: string;
  /**
   * The ledger server's clock that stamps recordedAt (never the database's). Default: system clock.
   * Only sealing reads it (migrate replays original instants through it); the id-claim grace
   * period always uses real time.
   */
  clock?: () => Date;
  /** Reconnects a subscription tries in a row before giving up. Default 20. */
  maxReconnectAttempts?: number;
  /** First reconnect delay of a subscription, doubling per attempt up to 5 s. Default 100 ms. */
  reconnectDelayMs?: number;
}

/** Events per read of $all: bounds memory, however long the log. */
const PAGE = 500;
/** An `any`/`stream_exists` append that loses a race re-reads and re-seals this many times. */
const MAX_RESEALS = 5;

const nonNegative = (name: string, value: number | undefined) => {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new ValidationError(`invalid ${name}`, [{ path: name, message: 'must be a non-negative integer' }]);
  }
};

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * The store port on EventStoreDB (docs/architecture.md, Store), for running the ledger on a cluster. Sealing is
 * the same as the embedded store's (sealEvents over the stream's last hash, recordedAt from the
 * ledger's clock), so a chain is byte-identical whichever store holds it. Every append names an
 * exact expected revision on the wire, whatever the caller asked: that is the revision the
 * chain was sealed on, and the only case where EventStoreDB guarantees idempotency by event id.
 */
export class EventStoreDbStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly clock: () => Date;
  private readonly subscriptions = new Set<Subscription>();
  private readonly maxReconnectAttempts: number;
  private readonly reconnectDelayMs: number;
  private closed = false;

  constructor(options: EventStoreDbStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.clock = options.clock ?? (() => new Date());
    this.maxReconnectAttempts = options.maxReconnectAttempts ?? 20;
    this.reconnectDelayMs = options.reconnectDelayMs ?? 100;
  }

  /**
   * Order of checks, mirroring the SQLite adapter: (1) ids already in this stream at
   * consecutive revisions → no-op with the stored events; other overlap → DuplicateEventError;
   * (2) expectedRevision against the stream's head → ConcurrencyError; (3) claim the ids
   * ledger-wide (an id owned by another stream → DuplicateEventError); (4) seal and append at
   * the exact head revision. Losing a race in (4) re-reads: the same ids now stored → no-op;
   * `any`/`stream_exists` → re-seal on the new head; otherwise ConcurrencyError.
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
    for (let attempt = 0; ; attempt++) {
      const stored = await this.readStream(streamId);
      const replay = storedAlready(streamId, stored, ids);
      if (replay) return replay;
      const head = stored.at(-1);
      const current = head?.revision ?? -1;
      checkExpectedRevision(streamId, expected, current);
      if (prepared.length === 0) return { nextRevision: current, events: [], noop: true };
      await claimIds(
        { client: this.client, now: () => new Date(), streamHolds: (s, id) => this.streamHolds(s, id) },
        streamId,
        ids,
      );
      const sealed = sealEvents(
        streamId,
        prepared.map((p) => p.event),
        current + 1,
        head?.hash ?? GENESIS_HASH,
        this.clock().toISOString(),
      );
      try {
        await this.client.appendToStream(
          streamId,
          sealed.map((event) =>
            jsonEvent({
              id: ulidToUuid(event.eventId),
              type: event.type,
              data: toJsonData(event.data),
              metadata: toEnvelopeMetadata(event),
            }),
          ),
          { expectedRevision: wireExpectedRevision(current) },
        );
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const raced = storedAlready(streamId, await this.readStream(streamId), ids);
        if (raced) return raced;
        const flexible = expected === 'any' || expected === 'stream_exists';
        if (flexible && attempt < MAX_RESEALS) continue;
        throw toConcurrencyError(streamId, expected, error);
      }
      // Read back for the positions: an append answers with one position for the whole batch.
      const written = await this.readStream(streamId, { fromRevision: current + 1, limit: sealed.length });
      return { nextRevision: current + sealed.length, events: written, noop: false };
    }
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
   * are log offsets, so only an event's own position is a place the server can start reading;
   * `fromPosition` is tried as given, then as the previous event's position plus one (the
   * usual "next page" cursor), and only then by scanning from the start.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    nonNegative('fromPosition', options.fromPosition);
    nonNegative('limit', options.limit);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit === 0) return [];
    const from = options.fromPosition ?? 0;
    if (from === 0) return this.readAllFrom(START, 0, limit);
    for (const start of [from, from - 1]) {
      try {
        return await this.readAllFrom(numberToPosition(start), from, limit);
      } catch (error) {
        // A connection failure or an unreadable event would fail the same way again.
        if (isTransientConnectionError(error) || error instanceof LedgerError) throw error;
      }
    }
    return this.readAllFrom(START, from, limit);
  }

  private async readAllFrom(
    start: ReadPosition,
    minPosition: number,
    limit: number,
  ): Promise<RecordedEvent[]> {
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
        }),
      );
      let last: Position | undefined;
      for (const { event } of page) {
        if (!event) continue;
        last = event.position;
        if (seen !== null && event.position.commit <= seen) continue;
        if (!isLedgerStream(event.streamId)) continue;
        const recorded = fromEsdbEvent(event);
        if (recorded.position < minPosition) continue;
        out.push(recorded);
        if (out.length >= limit) return out;
      }
      if (page.length < PAGE || !last) return out;
      cursor = last;
      seen = last.commit;
    }
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last?.revision ?? -1;
  }

  /** The position of the last ledger event, walking back over system events; -1 when none. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    let cursor: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(
        this.client.readAll({
          fromPosition: cursor,
          maxCount: PAGE,
          direction: BACKWARDS,
          resolveLinkTos: false,
        }),
      );
      for (const { event } of page) {
        if (event && isLedgerStream(event.streamId)) return positionToNumber(event.position);
      }
      const last = page.at(-1)?.event;
      if (page.length < PAGE || !last) return -1;
      cursor = last.position;
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
    const headAtStart = this.headPosition();
    headAtStart.catch(() => undefined);
    const subscription = startEsdbSubscription(
      this.client,
      {
        after,
        headAtStart,
        maxReconnectAttempts: this.maxReconnectAttempts,
        reconnectDelayMs: this.reconnectDelayMs,
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

  private async streamHolds(streamId: string, eventId: string): Promise<boolean> {
    return (await this.readStream(streamId)).some((e) => e.eventId === eventId);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/**
 * The idempotency check within one stream: a no-op result when every id is stored at
 * consecutive revisions in the given order, null when none is, DuplicateEventError otherwise.
 */
function storedAlready(streamId: string, stored: RecordedEvent[], ids: string[]): AppendResult | null {
  if (ids.length === 0) return null;
  const byId = new Map(stored.map((event) => [event.eventId, event]));
  if (!ids.some((id) => byId.has(id))) return null;
  const first = byId.get(ids[0] ?? '');
  const events = ids.map((id) => byId.get(id));
  const inPlace = events.every((event, i) => event && first && event.revision === first.revision + i);
  if (!first || !inPlace) throw new DuplicateEventError(ids.find((id) => byId.has(id)) ?? '', streamId);
  return {
    nextRevision: first.revision + ids.length - 1,
    events: events.filter((e): e is RecordedEvent => e !== undefined),
    noop: true,
  };
}

/** Connects to EventStoreDB (lazily: the first request opens the connection). */
export function openEventStoreDbStore(options: EventStoreDbStoreOptions): EventStoreDbStore {
  return new EventStoreDbStore(options);
}
