import Database from 'better-sqlite3';
import { z } from 'zod';
import type { RecordedEvent } from '../domain/envelope.js';
import { DuplicateEventError, type ExpectedRevision } from '../errors.js';
import {
  checkExpectedRevision,
  judgeStored,
  matchesExpected,
  type PreparedEvent,
  type StoredOutcome,
} from './append-rules.js';
import type { AppendResult } from './event-store.js';
import type { Outcome } from './group-commit.js';
import { sealEvents } from './hash-chain.js';
import { type CommittedEnd, KnownLog } from './sqlite-known-log.js';
import { STREAM_HEAD_SQL, type StreamHeadRow, streamHeadOf } from './sqlite-reads.js';
import { decodeRow, EVENT_COLUMNS } from './sqlite-rows.js';

const StoredPlace = z.object({ event_id: z.string(), stream_id: z.string(), revision: z.number().int() });
const StoredId = z.string();
const MaybeInt = z.number().int().nullable();
const LatestTime = z.string().nullable();
const NONE_STORED: StoredOutcome = { kind: 'none' };

/** An insert failed in a batch run without savepoints: the batch is rolled back and run again with them. */
class InsertFailed extends Error {
  constructor(readonly error: unknown) {
    super('an insert failed in a batch without savepoints', { cause: error });
  }
}

/** The log's end as one batch sees it, kept up to date by the batch's own appends. */
interface BatchTail extends CommittedEnd {
  /**
   * Which of the batch's event ids are stored: before the batch, or by an earlier append of it.
   * Null in a first run, which reads none: an append that would be refused looks its ids up
   * then (a retry succeeds whatever its expectedRevision), and one that inserts a stored id
   * fails on `UNIQUE(event_id)`, so the batch is run again with this set read.
   */
  storedIds: Set<string> | null;
}

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
    storedIds: Database.Statement<[string]>;
    maxPosition: Database.Statement<[]>;
    lastRecordedAt: Database.Statement<[]>;
    insert: Database.Statement<unknown[]>;
    streamForwards: Database.Statement<[string, number, number]>;
  };
  private readonly batch: Database.Transaction<
    (queued: QueuedAppend[], isolate: boolean) => { outcomes: Outcome<AppendResult>[]; tail: BatchTail }
  >;
  private readonly known: KnownLog;

  constructor(db: Database.Database) {
    this.stmt = {
      head: db.prepare(STREAM_HEAD_SQL),
      // json_each lets one statement look up a whole batch of ids, however large the batch.
      placesOf: db.prepare(
        'SELECT event_id, stream_id, revision FROM events WHERE event_id IN (SELECT value FROM json_each(?))',
      ),
      storedIds: db
        .prepare('SELECT event_id FROM events WHERE event_id IN (SELECT value FROM json_each(?))')
        .pluck(),
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
    // back only its own inserts, and the batch's commit carries the others. Savepoints cost
    // (~0.8 s of CPU in a 10k-row import's ~11,500 appends), and every check that can refuse an
    // append runs before its first insert, so a batch first runs without them; only an insert
    // failing after others of its append (a row the checks did not foresee) needs one: then the
    // batch is rolled back whole and run again with a savepoint per append (`commit`).
    const isolated = db.transaction((q: QueuedAppend, tail: BatchTail) =>
      this.appendInTransaction(q, tail, true),
    );
    this.known = new KnownLog(db);
    this.batch = db.transaction((queued: QueuedAppend[], isolate: boolean) => {
      const tail = this.tailOf(queued, isolate);
      const outcomes = queued.map((q): Outcome<AppendResult> => {
        try {
          return { ok: true, value: isolate ? isolated(q, tail) : this.appendInTransaction(q, tail, false) };
        } catch (error) {
          // A full disk aborts the whole transaction (SQLite rolls it back): every append of
          // the batch fails with it, and none is half-written.
          if (isStorageFull(error) || error instanceof InsertFailed) throw error;
          return { ok: false, error };
        }
      });
      return { outcomes, tail };
    });
  }

  /**
   * What every append of a batch needs from the log, once per commit instead of once per append
   * (a 10,000-row import is ~11,500 appends in ~18 commits): the next position and the latest
   * recordedAt, remembered from this writer's last commit when no other connection has
   * committed since (sqlite-known-log.ts), else read; in a careful run (`readIds`), which of the
   * batch's ids were stored before it. Inside the write transaction nothing but this batch
   * changes them, so the batch keeps them up to date itself.
   */
  private tailOf(queued: readonly QueuedAppend[], readIds: boolean): BatchTail {
    let storedIds: Set<string> | null = null;
    if (readIds) {
      const ids: string[] = [];
      for (const q of queued) for (const p of q.prepared) ids.push(p.event.eventId);
      storedIds = new Set<string>();
      if (ids.length > 0)
        for (const row of this.stmt.storedIds.all(JSON.stringify(ids))) storedIds.add(StoredId.parse(row));
    }
    const { version, end } = this.known.take();
    return {
      nextPosition: end?.nextPosition ?? (MaybeInt.parse(this.stmt.maxPosition.get() ?? null) ?? -1) + 1,
      latest: end ? end.latest : LatestTime.parse(this.stmt.lastRecordedAt.get() ?? null),
      heads: new Map(),
      knownHeads: end?.heads ?? null,
      storedIds,
      version,
    };
  }

  /**
   * Commits the batch: one outcome per append, in order; throws only when the transaction as a
   * whole failed (nothing of it is kept). Returns after the commit, i.e. after its fsync.
   */
  commit(queued: QueuedAppend[]): Outcome<AppendResult>[] {
    let run: { outcomes: Outcome<AppendResult>[]; tail: BatchTail };
    try {
      run = this.batch.immediate(queued, false);
    } catch (error) {
      if (!(error instanceof InsertFailed)) throw error;
      // Nothing of the batch was kept: run it again, reading the stored ids and the log's end
      // from the file (the failed run forgot the memory), each append in a savepoint of its own.
      run = this.batch.immediate(queued, true);
    }
    // Committed: what it left is what the next commit finds, unless another connection writes.
    const { tail } = run;
    this.known.remember(tail);
    return run.outcomes;
  }

  /** The stream's head as this batch sees it: written or read by it, remembered, or read now. */
  private headOf(streamId: string, tail: BatchTail): StreamHeadRow {
    let head = tail.heads.get(streamId) ?? tail.knownHeads?.get(streamId);
    if (head === undefined) {
      head = streamHeadOf(this.stmt.head.get(streamId));
      tail.heads.set(streamId, head);
    }
    return head;
  }

  /**
   * One append inside the batch's transaction. `isolated`: it runs in a savepoint of its own, so
   * a failing insert is rolled back alone; otherwise an insert failing is an InsertFailed, which
   * rolls the batch back whole (it may follow inserts of the same append).
   */
  private appendInTransaction(
    { streamId, prepared, expected, now }: QueuedAppend,
    tail: BatchTail,
    isolated: boolean,
  ): AppendResult {
    const head = this.headOf(streamId, tail);
    const { storedIds } = tail;
    // Ids the batch has not seen stored (before it, or by an earlier append of it) need no
    // look-up. A first run has not looked (storedIds null): only an append it would refuse is
    // looked up, since a retry of a stored append is a no-op whatever its expectedRevision; an
    // accepted one inserting a stored id fails on the unique index and the batch runs again.
    const unseen =
      storedIds === null
        ? matchesExpected(expected, head.revision) || prepared.length === 0
        : !prepared.some((p) => storedIds.has(p.event.eventId));
    const stored = unseen ? NONE_STORED : this.findStored(streamId, prepared, head);
    if (stored.kind === 'all') {
      const last = stored.events.at(-1)?.revision ?? head.revision;
      return { nextRevision: last, events: stored.events, noop: true };
    }
    // A prefix already written (judgeStored): the append resumes after it, judged as of before it.
    const before = stored.kind === 'prefix' ? (stored.events[0]?.revision ?? 0) - 1 : head.revision;
    checkExpectedRevision(streamId, expected, before);
    if (prepared.length === 0) return { nextRevision: head.revision, events: [], noop: true };
    const rest = stored.kind === 'prefix' ? prepared.slice(stored.events.length) : prepared;

    // The ledger's clock never runs backwards: a system clock stepped back (NTP, a VM restored)
    // stamps the time of the log's last event instead. So recordedAt never decreases along the
    // log, and `verify` can treat an event recorded before its predecessor as moved.
    const recordedAt = tail.latest !== null && tail.latest > now ? tail.latest : now;
    const sealed = sealEvents(
      streamId,
      rest.map((p) => p.event),
      head.revision + 1,
      head.hash,
      recordedAt,
    );
    const recorded: RecordedEvent[] = [];
    let position = tail.nextPosition;
    // An append's events share their actor and provenance objects (prepareAppend copies each
    // once per append): each is written as JSON once while the object is the same.
    let actor: unknown;
    let actorJson = '';
    let provenance: unknown;
    let provenanceJson: string | null = null;
    try {
      sealed.forEach((event, i) => {
        const row: RecordedEvent = Object.assign(event, { position: position++ });
        if (row.actor !== actor || actorJson === '') {
          actor = row.actor;
          actorJson = JSON.stringify(actor);
        }
        if (row.provenance !== provenance || provenanceJson === null) {
          provenance = row.provenance;
          provenanceJson = provenance === undefined ? null : JSON.stringify(provenance);
        }
        this.stmt.insert.run(
          row.position,
          row.eventId,
          row.streamId,
          row.revision,
          row.type,
          row.schemaVersion,
          row.effectiveOn,
          row.recordedAt,
          actorJson,
          row.correlationId,
          row.causationId,
          rest[i]?.dataJson ?? 'null',
          row.prevHash,
          row.hash,
          provenanceJson,
        );
        recorded.push(row);
      });
    } catch (error) {
      if (isolated || isStorageFull(error)) throw error;
      throw new InsertFailed(error);
    }
    // Only once every insert of the append succeeded: a failing one rolls back to its savepoint.
    tail.nextPosition = position;
    tail.latest = recordedAt;
    const last = recorded.at(-1);
    if (last) tail.heads.set(streamId, { revision: last.revision, hash: last.hash });
    for (const p of rest) storedIds?.add(p.event.eventId);
    const events = stored.kind === 'prefix' ? [...stored.events, ...recorded] : recorded;
    return { nextRevision: head.revision + recorded.length, events, noop: false };
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
