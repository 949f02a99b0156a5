import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { type ExpectedRevision, ValidationError } from '../errors.js';
import { checkExpectedRevision, prepareAppend } from './append-rules.js';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from './event-store.js';
import {
  batchEnds,
  batchesOf,
  DEFAULT_MAX_APPEND_BYTES,
  toWire,
  writeBatches,
} from './eventstoredb-batches.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
import { claimIds, readClaims, releaseClaims } from './eventstoredb-id-claims.js';
import {
  checkCursor,
  headOfLog,
  readAllAfter,
  readAtPosition,
  readTailEvents,
} from './eventstoredb-log-reads.js';
import {
  ID_CLAIM_STREAM_PREFIX,
  isLedgerStream,
  isStreamNotFound,
  toConcurrencyError,
} from './eventstoredb-mapping.js';
import { fromEsdbEvent } from './eventstoredb-metadata.js';
import { storedOnEsdb, streamHolds } from './eventstoredb-replay.js';
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

/** An `any`/`stream_exists` append that loses a race re-reads and re-seals this many times. */
const MAX_RESEALS = 5;
const EPOCH = new Date(0).toISOString();

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
    // Where a cut-off attempt of this append could have stopped: worked out only if ids are found.
    const cuts = () => {
      // Any instant: its width is fixed, and the store's clock is read once per append only.
      const trial = sealEvents(
        streamId,
        prepared.map((p) => p.event),
        0,
        GENESIS_HASH,
        EPOCH,
      );
      return batchEnds(trial.map(toWire), maxBytes);
    };
    for (let attempt = 0; ; attempt++) {
      const claims = await readClaims(this.client, ids);
      const head = await this.head(streamId);
      const current = head?.revision ?? -1;
      const stored = await storedOnEsdb(this, streamId, prepared, claims, current, cuts);
      if (stored.kind === 'all') {
        return { nextRevision: stored.events.at(-1)?.revision ?? current, events: stored.events, noop: true };
      }
      // A prefix written by an attempt cut off between batches: resume after it, judged as of before it.
      const kept = stored.kind === 'prefix' ? stored.events : [];
      checkExpectedRevision(streamId, expected, kept.length > 0 ? (kept[0]?.revision ?? 0) - 1 : current);
      if (prepared.length === 0) return { nextRevision: current, events: [], noop: true };
      const rest = prepared.slice(kept.length);
      const restIds = ids.slice(kept.length);
      const sealed = sealEvents(
        streamId,
        rest.map((p) => p.event),
        current + 1,
        head?.hash ?? GENESIS_HASH,
        this.clock().toISOString(),
      );
      const wire = sealed.map(toWire);
      // An event over the size limit is refused here, before anything is claimed.
      batchesOf(wire, maxBytes);
      const made = await claimIds(this.deps(), streamId, restIds, current + 1, claims);
      const progress = { written: 0 };
      try {
        await writeBatches(this.client, streamId, wire, current, maxBytes, progress);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const now = (await this.head(streamId))?.revision ?? -1;
        const raced = await storedOnEsdb(
          this,
          streamId,
          prepared,
          await readClaims(this.client, ids),
          now,
          cuts,
        );
        if (raced.kind === 'all') {
          return { nextRevision: raced.events.at(-1)?.revision ?? now, events: raced.events, noop: true };
        }
        const flexible = expected === 'any' || expected === 'stream_exists';
        // A retry renews these claims for its new revisions.
        if (flexible && attempt < MAX_RESEALS) continue;
        // Failed for good: the claims of what was not written would hold nothing.
        const unwritten = new Map(
          [...made].filter(([id]) => !restIds.slice(0, progress.written).includes(id)),
        );
        await releaseClaims(this.client, streamId, unwritten);
        throw toConcurrencyError(streamId, expected, error);
      }
      const written = await this.readStream(streamId, { fromRevision: current + 1, limit: sealed.length });
      if (written.map((e) => e.eventId).join() !== restIds.join()) {
        throw new Error(`the leader returned other events than the ones just appended to ${streamId}`);
      }
      // The server accepts the same ids at the same place again without writing (idempotent
      // append): if another writer sealed them, this append wrote nothing.
      const noop = kept.length === 0 && written.some((e, i) => e.hash !== sealed[i]?.hash);
      return { nextRevision: current + sealed.length, events: [...kept, ...written], noop };
    }
  }

  private async head(streamId: string): Promise<RecordedEvent | null> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last ?? null;
  }

  /** A missing stream reads as empty. Backwards without fromRevision starts at the stream's end. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkCursor('fromRevision', options.fromRevision, 0);
    checkCursor('limit', options.limit, 0);
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

  /** The log after the cursor (exclusive): eventstoredb-log-reads.ts, never a scan of the log. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkCursor('after', options.after, -1);
    checkCursor('limit', options.limit, 0);
    return readAllAfter(this.client, options.after ?? -1, options.limit ?? Number.POSITIVE_INFINITY);
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    checkCursor('position', position, 0);
    return readAtPosition(this.client, position);
  }

  async readTail(count: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkCursor('count', count, 0);
    return readTailEvents(this.client, count);
  }

  async streamRevision(streamId: string): Promise<number> {
    return (await this.head(streamId))?.revision ?? -1;
  }

  /** The position of the last ledger event, read backwards in small pages; -1 when none. */
  async headPosition(): Promise<number> {
    this.assertOpen();
    return headOfLog(this.client);
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
        checkAfter: async (position) => void (await readAllAfter(this.client, position, 1)),
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
      streamHolds: (s: string, id: string, revision: number | null) => streamHolds(this, s, id, revision),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Connects to EventStoreDB (lazily: the first request opens the connection). */
export function openEventStoreDbStore(options: EventStoreDbStoreOptions): EventStoreDbStore {
  return new EventStoreDbStore(options);
}
