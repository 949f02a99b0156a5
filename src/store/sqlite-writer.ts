import Database from 'better-sqlite3';
import { z } from 'zod';
import type { RecordedEvent } from '../domain/envelope.js';
import { DuplicateEventError, type ExpectedRevision } from '../errors.js';
import {
  checkExpectedRevision,
  judgeStored,
  type PreparedEvent,
  type StoredOutcome,
} from './append-rules.js';
import type { AppendResult } from './event-store.js';
import type { Outcome } from './group-commit.js';
import { sealEvents } from './hash-chain.js';
import { STREAM_HEAD_SQL, type StreamHeadRow, streamHeadOf } from './sqlite-reads.js';
import { decodeRow, EVENT_COLUMNS } from './sqlite-rows.js';

const StoredPlace = z.object({ event_id: z.string(), stream_id: z.string(), revision: z.number().int() });
const MaybeInt = z.number().int().nullable();
const LatestTime = z.string().nullable();

/** One append waiting for the next commit: validated and prepared (append-rules.ts), not yet checked against the store. */
export interface QueuedAppend {
  streamId: string;
  prepared: PreparedEvent[];
  expected: ExpectedRevision;
  /**
   * The store clock's reading when the append was submitted (ISO instant): the writer may run on
   * another thread, which cannot call the store's clock. The log's latest recordedAt wins if later.
   */
  now: string;
}

/** Where a store's appends are committed: on its own thread (group-commit.ts) or on a write thread (sqlite-write-thread.ts). */
export interface AppendCommitter {
  /** Resolves after the commit that covers the append has returned, i.e. after its fsync. */
  submit(append: QueuedAppend): Promise<AppendResult>;
  /** Resolves once everything submitted so far has been answered. */
  drain(): Promise<void>;
  /** Transactions committed and the appends they carried. */
  readonly stats: { commits: number; appends: number };
}

/** True for SQLite's "database or disk is full" (a full disk or the operator's max_page_count). */
export function isStorageFull(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === 'SQLITE_FULL';
}

/**
 * The write side of the SQLite store (docs/architecture.md, Store): runs a batch of queued
 * appends in ONE `BEGIN IMMEDIATE` transaction, each in its own SAVEPOINT, with the checks of
 * append-rules.ts in order (idempotency, expectedRevision, seal, insert). The write lock is
 * taken before anything is read, so the checks, the position assignment and the inserts see one
 * consistent head.
 */
export class SqliteWriter {
  // Prepared once: statement compilation would otherwise dominate single-event appends.
  private readonly stmt: {
    head: Database.Statement<[string]>;
    placesOf: Database.Statement<[string]>;
    maxPosition: Database.Statement<[]>;
    lastRecordedAt: Database.Statement<[]>;
    insert: Database.Statement<unknown[]>;
    streamForwards: Database.Statement<[string, number, number]>;
  };
  private readonly batch: Database.Transaction<(queued: QueuedAppend[]) => Outcome<AppendResult>[]>;

  constructor(db: Database.Database) {
    this.stmt = {
      head: db.prepare(STREAM_HEAD_SQL),
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
    };
    // A transaction function called inside another runs in a SAVEPOINT: a failing append rolls
    // back only its own inserts, and the batch's commit carries the others.
    const one = db.transaction((q: QueuedAppend) => this.appendInTransaction(q));
    this.batch = db.transaction((queued: QueuedAppend[]) =>
      queued.map((q): Outcome<AppendResult> => {
        try {
          return { ok: true, value: one(q) };
        } catch (error) {
          // A full disk aborts the whole transaction (SQLite rolls it back): every append of
          // the batch fails with it, and none is half-written.
          if (isStorageFull(error)) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * Commits the batch: one outcome per append, in order; throws only when the transaction as a
   * whole failed (nothing of it is kept). Returns after the commit, i.e. after its fsync.
   */
  commit(queued: QueuedAppend[]): Outcome<AppendResult>[] {
    return this.batch.immediate(queued);
  }

  private appendInTransaction({ streamId, prepared, expected, now }: QueuedAppend): AppendResult {
    const head = streamHeadOf(this.stmt.head.get(streamId));
    const stored = this.findStored(streamId, prepared, head);
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
   * another stream are a DuplicateEventError naming the first of them in the append's order (the
   * query returns rows in no set order); ids stored here are judged by place and content.
   */
  private findStored(streamId: string, prepared: PreparedEvent[], head: StreamHeadRow): StoredOutcome {
    const ids = prepared.map((p) => p.event.eventId);
    if (ids.length === 0) return { kind: 'none' };
    const rows = this.stmt.placesOf.all(JSON.stringify(ids)).map((row) => StoredPlace.parse(row));
    if (rows.length === 0) return { kind: 'none' };
    const elsewhere = new Set(rows.filter((row) => row.stream_id !== streamId).map((row) => row.event_id));
    const firstElsewhere = ids.find((id) => elsewhere.has(id));
    if (firstElsewhere !== undefined) throw new DuplicateEventError(firstElsewhere, streamId);
    const from = Math.min(...rows.map((row) => row.revision));
    const to = Math.max(...rows.map((row) => row.revision));
    const events = this.stmt.streamForwards.all(streamId, from, to - from + 1).map(decodeRow);
    const byId = new Map(events.map((e) => [e.eventId, e]));
    return judgeStored(
      streamId,
      prepared,
      ids.map((id) => byId.get(id)),
      head.revision,
    );
  }
}
