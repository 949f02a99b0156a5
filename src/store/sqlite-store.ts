import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { type ExpectedRevision, StorageFullError, ValidationError } from '../errors.js';
import { prepareAppend } from './append-rules.js';
import type {
  AppendResult,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  ReplayedEvent,
  SubscribeOptions,
  Subscription,
  WriterHealth,
} from './event-store.js';
import { GroupCommit } from './group-commit.js';
import { type PollingSubscription, startPollingSubscription } from './polling-subscription.js';
import { SqliteReads } from './sqlite-reads.js';
import { configureConnection } from './sqlite-schema.js';
import type { WriterSettings } from './sqlite-write-messages.js';
import { SqliteWriteThread } from './sqlite-write-thread.js';
import { type AppendCommitter, isStorageFull, SqliteWriter } from './sqlite-writer.js';

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
  /**
   * Commit appends on a thread of their own (sqlite-write-thread.ts), so the fsync never blocks
   * this thread's event loop: what a server wants (`ledger serve`, `npm start`). Off by default:
   * a one-shot CLI command or a test gains nothing from starting a thread. Ignored for `:memory:`.
   */
  commitThread?: boolean;
}

const DEFAULT_POLL_INTERVAL_MS = 50;
const DEFAULT_PAGE_SIZE = 500;
const Count = z.number().int().nonnegative();

/**
 * The embedded event store (docs/architecture.md, Store): one SQLite file in WAL mode with
 * synchronous=FULL, so an acknowledged append survives a crash or power loss. Appends go through
 * group commit (group-commit.ts) to the writer (sqlite-writer.ts: one BEGIN IMMEDIATE transaction
 * per batch, so two processes sharing the file serialise, waiting up to busy_timeout, instead of
 * failing with SQLITE_BUSY_SNAPSHOT); reads are single statements (sqlite-reads.ts).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly reads: SqliteReads;
  private readonly clock: () => Date;
  /** Concurrent appends share one transaction and one fsync, on this thread or on the write thread. */
  private readonly appends: AppendCommitter;
  private readonly thread: SqliteWriteThread | null;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
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
    this.reads = new SqliteReads(this.db);
    this.clock = options.clock ?? (() => new Date());
    if (options.commitThread === true && !this.db.memory) {
      const { maxPageCount } = options;
      this.thread = new SqliteWriteThread({
        path: this.db.name,
        ...(maxPageCount === undefined ? {} : { maxPageCount }),
      });
      this.appends = this.thread;
    } else {
      const writer = new SqliteWriter(this.db);
      this.thread = null;
      this.appends = new GroupCommit((queued) => writer.commit(queued));
    }
  }

  /** Raises (or lowers) the size limit, e.g. once space has been freed. */
  setMaxPageCount(pages: number): void {
    this.db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages))}`);
    this.thread?.setMaxPageCount(pages);
  }

  /** The write thread, when this store commits on one (fault tests reach it here). */
  get writeThread(): SqliteWriteThread | null {
    return this.thread;
  }

  /** The write thread's state (restarts, stopped for good); on this thread, writing while open. */
  writerHealth(): WriterHealth {
    return this.thread?.health ?? { writing: !this.closed, restarts: 0 };
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
      result = await this.appends.submit({
        streamId,
        prepared,
        expected: options.expectedRevision,
        now: this.clock().toISOString(),
      });
    } catch (error) {
      // Disk or size limit full: the transaction rolled back whole, so nothing was written.
      if (isStorageFull(error)) throw new StorageFullError(basename(this.db.name));
      throw error;
    }
    if (!result.noop) for (const subscription of this.subscriptions) subscription.wake();
    return result;
  }

  async existingStreams(streamIds: readonly string[]): Promise<ReadonlySet<string>> {
    this.assertOpen();
    return this.reads.existingStreams(streamIds);
  }

  /** A missing stream reads as empty. Backwards without fromRevision starts at the stream's end. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readStream(streamId, options);
  }

  /** Positions are gapless from 0, so every cursor ≥ -1 is a place in the log (past the head: empty). */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readAll(options);
  }

  /** The log for a replay into the read models (see `EventStore.readReplay`). */
  async readReplay(options: ReadAllOptions = {}): Promise<ReplayedEvent[]> {
    this.assertOpen();
    return this.reads.readReplay(options);
  }

  /** The database file, for a replay thread's own read-only connection (see `EventStore.replayFile`). */
  replayFile(): string | null {
    return this.db.memory ? null : this.db.name;
  }

  async readAt(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    return this.reads.readAt(position);
  }

  async readTail(count: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readTail(count);
  }

  async streamRevision(streamId: string): Promise<number> {
    this.assertOpen();
    return this.reads.streamHead(streamId).revision;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.reads.headPosition();
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
      { readAfter: (position, limit) => this.reads.pageForSubscription(position, limit) },
      { after, pageSize: this.pageSize, pollIntervalMs: this.pollIntervalMs },
      handler,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Stops every subscription (waiting for running handlers), then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.appends.drain();
    await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
    await this.thread?.close();
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

  /**
   * The settings of the connection that commits appends: the write thread's when there is one
   * (its synchronous=FULL is what makes an acknowledgement durable), else this store's own.
   */
  async writerSettings(): Promise<WriterSettings> {
    this.assertOpen();
    return this.thread ? this.thread.ready : this.settings();
  }

  /** Where appends are committed: on this thread, or on a write thread of their own. */
  get commitsOn(): 'this thread' | 'write thread' {
    return this.thread ? 'write thread' : 'this thread';
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** Opens (creating if needed) the SQLite event store at `options.path`. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteEventStore {
  return new SqliteEventStore(options);
}
