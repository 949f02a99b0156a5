import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { DuplicateEventError, type ExpectedRevision, StorageFullError, ValidationError } from '../errors.js';
import {
  checkExpectedRevision,
  judgeStored,
  type PreparedEvent,
  prepareAppend,
  type StoredOutcome,
} from './append-rules.js';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from './event-store.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { GENESIS_HASH, sealEvents } from './hash-chain.js';
import { type PollingSubscription, startPollingSubscription } from './polling-subscription.js';
import { decodeRow, EVENT_COLUMNS } from './sqlite-rows.js';
import { configureConnection } from './sqlite-schema.js';

export interface SqliteStoreOptions {
  /** The database file (created if missing). `:memory:` works for throwaway stores, without WAL. */
  path: string;
  /** The server clock that stamps recordedAt. Default: the system clock. */
  clock?: () => Date;
  /** How often live subscriptions look for events appended by other processes. Default 50 ms. */
  pollIntervalMs?: number;
  /**
   * Caps the file at this many pages (SQLite's `max_page_count`): an operator's size limit, and
   * how the tests fill the "disk". A full file is a StorageFullError; nothing of the append is kept.
   */
  maxPageCount?: number;
  /** Events per catch-up page of a subscription. Default 500. */
  subscriptionPageSize?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 50;
const DEFAULT_PAGE_SIZE = 500;

const StreamHead = z.object({ revision: z.number().int(), hash: z.string() });
const StoredPlace = z.object({ event_id: z.string(), stream_id: z.string(), revision: z.number().int() });
const MaybeInt = z.number().int().nullable();
const LatestTime = z.string().nullable();
const Count = z.number().int().nonnegative();
const ReadOption = z.number().int().nonnegative().optional();
/** A log cursor: an event's position, or -1 for "before the first event". */
const Cursor = z.number().int().min(-1).optional();

function checkReadOption(name: string, value: number | undefined, schema = ReadOption): void {
  if (!schema.safeParse(value).success) {
    const least = schema === Cursor ? -1 : 0;
    throw new ValidationError(`invalid ${name}`, [{ path: name, message: `must be an integer ≥ ${least}` }]);
  }
}

interface QueuedAppend {
  streamId: string;
  prepared: PreparedEvent[];
  expected: ExpectedRevision;
}

/** SQLite's "no limit". */
const NO_LIMIT = -1;

/**
 * The embedded event store (docs/architecture.md, Store): one SQLite file in WAL mode with synchronous=FULL, so
 * an acknowledged append survives a crash or power loss. Every write runs in a BEGIN IMMEDIATE
 * transaction: the write lock is taken before anything is read, so the revision check, the
 * position assignment and the inserts see one consistent head, and two processes sharing the
 * file serialise (waiting up to busy_timeout) instead of failing with SQLITE_BUSY_SNAPSHOT.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  // Prepared once: statement compilation would otherwise dominate single-event appends.
  private readonly stmt: {
    head: Database.Statement<[string]>;
    placesOf: Database.Statement<[string]>;
    maxPosition: Database.Statement<[]>;
    lastRecordedAt: Database.Statement<[]>;
    insert: Database.Statement<unknown[]>;
    streamForwards: Database.Statement<[string, number, number]>;
    streamBackwards: Database.Statement<[string, number, number]>;
    all: Database.Statement<[number, number]>;
    at: Database.Statement<[number]>;
    tail: Database.Statement<[number]>;
  };
  /** Concurrent appends share one transaction and one fsync (group-commit.ts). */
  private readonly appends: GroupCommit<QueuedAppend, AppendResult>;

  constructor(options: SqliteStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.pageSize = options.subscriptionPageSize ?? DEFAULT_PAGE_SIZE;
    this.db = new Database(options.path);
    try {
      configureConnection(this.db);
      if (options.maxPageCount !== undefined) this.setMaxPageCount(options.maxPageCount);
    } catch (error) {
      this.db.close();
      throw error;
    }
    const db = this.db;
    this.stmt = {
      head: db.prepare(
        'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      // json_each lets one statement look up a whole batch of ids, however large the batch.
      placesOf: db.prepare(
        'SELECT event_id, stream_id, revision FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
      ),
      maxPosition: db.prepare('SELECT MAX(position) FROM events').pluck(),
      lastRecordedAt: db.prepare('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1').pluck(),
      insert: db.prepare(
        `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      streamForwards: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      streamBackwards: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      all: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      at: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position = ?`),
      tail: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY position DESC LIMIT ?`),
    };
    // A transaction function called inside another runs in a SAVEPOINT: a failing append rolls
    // back only its own inserts, and the batch's commit carries the others.
    const one = db.transaction((q: QueuedAppend) =>
      this.appendInTransaction(q.streamId, q.prepared, q.expected),
    );
    const batch = db.transaction((queued: QueuedAppend[]) =>
      queued.map((q): Outcome<AppendResult> => {
        try {
          return { ok: true, value: one(q) };
        } catch (error) {
          // A full disk aborts the whole transaction (SQLite rolls it back): every append of
          // the batch fails with it, and none is half-written.
          if (error instanceof Database.SqliteError && error.code === 'SQLITE_FULL') throw error;
          return { ok: false, error };
        }
      }),
    );
    this.appends = new GroupCommit((queued) => batch.immediate(queued));
  }

  /** Raises (or lowers) the size limit, e.g. once space has been freed. */
  setMaxPageCount(pages: number): void {
    this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages))}`);
  }

  /** Commits so far and the appends they carried (several appends per commit under load). */
  get commitStats(): { commits: number; appends: number } {
    return { ...this.appends.stats };
  }

  /**
   * Appends atomically. Order of checks, all under the write lock:
   * 1. ids already stored: if every id sits in this stream at consecutive revisions in the
   *    given order, the append already happened (a retry after a lost acknowledgement) and
   *    succeeds as a no-op, whatever `expectedRevision` says now, with `nextRevision` the
   *    revision of the last of those events (the answer the first attempt would have given);
   *    any other overlap is a DuplicateEventError naming the first clashing id;
   * 2. expectedRevision against the stream's head (ConcurrencyError, actual -1 when missing);
   * 3. seal (revisions, recordedAt from the store clock, hash chain) and insert.
   * An empty `events` still checks expectedRevision, then appends nothing (`noop: true`): a
   * cheap "assert the stream is still at n".
   */
  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const prepared = prepareAppend(streamId, events, options.expectedRevision);
    let result: AppendResult;
    try {
      result = await this.appends.submit({ streamId, prepared, expected: options.expectedRevision });
    } catch (error) {
      // Disk or size limit full: the transaction rolled back whole, so nothing was written.
      if (error instanceof Database.SqliteError && error.code === 'SQLITE_FULL')
        throw new StorageFullError(basename(this.db.name));
      throw error;
    }
    if (!result.noop) for (const subscription of this.subscriptions) subscription.wake();
    return result;
  }

  private appendInTransaction(
    streamId: string,
    prepared: PreparedEvent[],
    expected: ExpectedRevision,
  ): AppendResult {
    const head = this.streamHead(streamId);
    const stored = this.findStored(streamId, prepared, head.revision);
    if (stored.kind === 'all') {
      const last = stored.events.at(-1)?.revision ?? head.revision;
      return { nextRevision: last, events: stored.events, noop: true };
    }
    // A prefix already written (judgeStored): the append resumes after it, judged as of before it.
    const before = stored.kind === 'prefix' ? (stored.events[0]?.revision ?? 0) - 1 : head.revision;
    checkExpectedRevision(streamId, expected, before);
    if (prepared.length === 0) return { nextRevision: head.revision, events: [], noop: true };
    const rest = prepared.slice(stored.kind === 'prefix' ? stored.events.length : 0);
    const kept = stored.kind === 'prefix' ? stored.events : [];

    // The ledger's clock never runs backwards: a system clock stepped back (NTP, a VM restored)
    // stamps the time of the log's last event instead. So recordedAt never decreases along the
    // log, and `verify` can treat an event recorded before its predecessor as moved.
    const now = this.clock().toISOString();
    const latest = LatestTime.parse(this.stmt.lastRecordedAt.get() ?? null);
    const recordedAt = latest !== null && latest > now ? latest : now;
    const sealed = sealEvents(
      streamId,
      rest.map((p) => p.event),
      head.revision + 1,
      head.hash,
      recordedAt,
    );
    let position = (MaybeInt.parse(this.stmt.maxPosition.get()) ?? -1) + 1;
    const recorded: RecordedEvent[] = sealed.map((event, i) => {
      const stored = { ...event, position: position++ };
      this.stmt.insert.run(
        stored.position,
        stored.eventId,
        stored.streamId,
        stored.revision,
        stored.type,
        stored.schemaVersion,
        stored.effectiveOn,
        stored.recordedAt,
        JSON.stringify(stored.actor),
        stored.correlationId,
        stored.causationId,
        rest[i]?.dataJson ?? 'null',
        stored.prevHash,
        stored.hash,
        stored.provenance === undefined ? null : JSON.stringify(stored.provenance),
      );
      return stored;
    });
    return { nextRevision: head.revision + recorded.length, events: [...kept, ...recorded], noop: false };
  }

  /**
   * The idempotency and resume check (judgeStored, shared with EventStoreDB): ids stored in
   * another stream are a DuplicateEventError naming one; ids stored here are judged by place
   * and content.
   */
  private findStored(streamId: string, prepared: PreparedEvent[], headRevision: number): StoredOutcome {
    const ids = prepared.map((p) => p.event.eventId);
    if (ids.length === 0) return { kind: 'none' };
    const rows = this.stmt.placesOf.all(JSON.stringify(ids)).map((row) => StoredPlace.parse(row));
    if (rows.length === 0) return { kind: 'none' };
    const elsewhere = rows.find((row) => row.stream_id !== streamId);
    if (elsewhere) throw new DuplicateEventError(elsewhere.event_id, streamId);
    const from = Math.min(...rows.map((row) => row.revision));
    const to = Math.max(...rows.map((row) => row.revision));
    const events = this.readStreamSync(streamId, from, 'forwards', to - from + 1);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    return judgeStored(
      streamId,
      prepared,
      ids.map((id) => byId.get(id)),
      headRevision,
    );
  }

  private streamHead(streamId: string): { revision: number; hash: string } {
    const row = this.stmt.head.get(streamId);
    return row === undefined ? { revision: -1, hash: GENESIS_HASH } : StreamHead.parse(row);
  }

  private readStreamSync(
    streamId: string,
    fromRevision: number | undefined,
    direction: 'forwards' | 'backwards',
    limit: number | undefined,
  ): RecordedEvent[] {
    const rows =
      direction === 'forwards'
        ? this.stmt.streamForwards.all(streamId, fromRevision ?? 0, limit ?? NO_LIMIT)
        : this.stmt.streamBackwards.all(streamId, fromRevision ?? Number.MAX_SAFE_INTEGER, limit ?? NO_LIMIT);
    return rows.map(decodeRow);
  }

  /** A missing stream reads as empty. Backwards without fromRevision starts at the stream's end. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkReadOption('fromRevision', options.fromRevision);
    checkReadOption('limit', options.limit);
    return this.readStreamSync(
      streamId,
      options.fromRevision,
      options.direction ?? 'forwards',
      options.limit,
    );
  }

  /** Positions are gapless from 0, so every cursor ≥ -1 is a place in the log (past the head: empty). */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkReadOption('after', options.after, Cursor);
    checkReadOption('limit', options.limit);
    return this.stmt.all.all(options.after ?? -1, options.limit ?? NO_LIMIT).map(decodeRow);
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    checkReadOption('position', position);
    const row = this.stmt.at.get(position);
    return row === undefined ? null : decodeRow(row);
  }

  async readTail(count: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkReadOption('count', count);
    return this.stmt.tail.all(count).map(decodeRow).reverse();
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return this.streamHead(streamId).revision;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return MaybeInt.parse(this.stmt.maxPosition.get()) ?? -1;
  }

  /**
   * Catch-up then live (see polling-subscription.ts). Appends made through this store wake
   * the subscription at once; appends by other processes are seen within pollIntervalMs.
   */
  subscribe(
    options: SubscribeOptions,
    handler: (event: RecordedEvent) => void | Promise<void>,
  ): Subscription {
    this.assertOpen();
    const after = options.after ?? -1;
    if (!Number.isInteger(after) || after < -1) {
      throw new ValidationError('invalid after', [{ path: 'after', message: 'must be an integer ≥ -1' }]);
    }
    const subscription = startPollingSubscription(
      { readAfter: (position, limit) => this.readPageForSubscription(position, limit) },
      { after, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      handler,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * A catch-up page cut short before the first unreadable row, so that a subscriber gets every
   * good event before it and its checkpoint ends right before the bad one; the next read then
   * fails on it with the CorruptEventError.
   */
  private readPageForSubscription(after: number, limit: number): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    for (const row of this.stmt.all.all(after, Count.parse(limit))) {
      try {
        events.push(decodeRow(row));
      } catch (error) {
        if (events.length === 0) throw error;
        break;
      }
    }
    return events;
  }

  /** Stops every subscription (waiting for running handlers), then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appends.drain();
    await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  /**
   * The durability settings of this store's own connection (synchronous is per connection, so
   * only the store's connection can prove it): journal mode, synchronous (2 = FULL), busy timeout.
   */
  settings(): { journalMode: string; synchronous: number; busyTimeoutMs: number } {
    this.assertOpen();
    return {
      journalMode: z.string().parse(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Count.parse(this.db.pragma('synchronous', { simple: true })),
      busyTimeoutMs: Count.parse(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Opens (creating if needed) the SQLite event store at `options.path`. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}
