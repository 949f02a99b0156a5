import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { RecordedEvent } from '../domain/envelope.js';
import { ValidationError } from '../errors.js';
import type { ReadAllOptions, ReadStreamOptions, ReplayedEvent } from './event-store.js';
import { GENESIS_HASH } from './hash-chain.js';
import { SqliteReplayReads } from './sqlite-replay.js';
import { decodeRow, EVENT_COLUMNS } from './sqlite-rows.js';

const StreamHead = z.object({ revision: z.number().int(), hash: z.string() });
const MaybeInt = z.number().int().nullable();
const Count = z.number().int().nonnegative();
const ReadOption = z.number().int().nonnegative().optional();
/** A log cursor: an event's position, or -1 for "before the first event". */
const Cursor = z.number().int().min(-1).optional();

/** SQLite's "no limit". */
export const NO_LIMIT = -1;

function checkReadOption(name: string, value: number | undefined, schema = ReadOption): void {
  if (!schema.safeParse(value).success) {
    const least = schema === Cursor ? -1 : 0;
    throw new ValidationError(`invalid ${name}`, [{ path: name, message: `must be an integer ≥ ${least}` }]);
  }
}

/** A stream's last revision and hash: what the next append chains onto (-1 and genesis when missing). */
export interface StreamHeadRow {
  revision: number;
  hash: string;
}

/** Parses a `SELECT revision, hash` row; a missing stream is at -1 with the genesis hash. */
export function streamHeadOf(row: unknown): StreamHeadRow {
  return row === undefined ? { revision: -1, hash: GENESIS_HASH } : StreamHead.parse(row);
}

/** The statement for a stream's head; the writer prepares the same one on its own connection. */
export const STREAM_HEAD_SQL =
  'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1';

/**
 * The read side of the SQLite store (docs/architecture.md, Store): the statements every read
 * runs, prepared once on one connection, and the checks on readers' options. A read is one
 * statement, so in WAL mode it sees every commit that returned before it started.
 */
export class SqliteReads {
  private readonly stmt: {
    head: Database.Statement<[string]>;
    existing: Database.Statement<[string]>;
    maxPosition: Database.Statement<[]>;
    streamForwards: Database.Statement<[string, number, number]>;
    streamBackwards: Database.Statement<[string, number, number]>;
    all: Database.Statement<[number, number]>;
    at: Database.Statement<[number]>;
    tail: Database.Statement<[number]>;
  };
  private readonly replay: SqliteReplayReads;

  constructor(db: Database.Database) {
    this.stmt = {
      head: db.prepare(STREAM_HEAD_SQL),
      // One probe of the (stream_id, revision) index per id asked about.
      existing: db
        .prepare('SELECT DISTINCT stream_id FROM events WHERE stream_id IN (SELECT value FROM json_each(?))')
        .pluck(),
      maxPosition: db.prepare('SELECT MAX(position) FROM events').pluck(),
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
    this.replay = new SqliteReplayReads(db, (position) => this.readAt(position));
  }

  /** Which of `streamIds` hold at least one event (`EventStore.existingStreams`). */
  existingStreams(streamIds: readonly string[]): Set<string> {
    const held = new Set<string>();
    for (const id of this.stmt.existing.all(JSON.stringify(streamIds)))
      if (typeof id === 'string') held.add(id);
    return held;
  }

  /** A missing stream reads as empty. Backwards without fromRevision starts at the stream's end. */
  readStream(streamId: string, options: ReadStreamOptions = {}): RecordedEvent[] {
    checkReadOption('fromRevision', options.fromRevision);
    checkReadOption('limit', options.limit);
    const rows =
      (options.direction ?? 'forwards') === 'forwards'
        ? this.stmt.streamForwards.all(streamId, options.fromRevision ?? 0, options.limit ?? NO_LIMIT)
        : this.stmt.streamBackwards.all(
            streamId,
            options.fromRevision ?? Number.MAX_SAFE_INTEGER,
            options.limit ?? NO_LIMIT,
          );
    return rows.map(decodeRow);
  }

  /** Positions are gapless from 0, so every cursor ≥ -1 is a place in the log (past the head: empty). */
  readAll(options: ReadAllOptions = {}): RecordedEvent[] {
    checkReadOption('after', options.after, Cursor);
    checkReadOption('limit', options.limit);
    return this.stmt.all.all(options.after ?? -1, options.limit ?? NO_LIMIT).map(decodeRow);
  }

  /** `readAll` for a replay into the read models: fewer columns, read as arrays (sqlite-replay.ts). */
  readReplay(options: ReadAllOptions = {}): ReplayedEvent[] {
    checkReadOption('after', options.after, Cursor);
    checkReadOption('limit', options.limit);
    return this.replay.read(options.after ?? -1, options.limit ?? NO_LIMIT);
  }

  /**
   * `readReplay` of the positions in (after, through]: one page of a replay thread that reads
   * the log in turns with another (replay-log.ts). A gap in positions just makes the page shorter.
   */
  readReplayRange(after: number, through: number): ReplayedEvent[] {
    checkReadOption('after', after, Cursor);
    checkReadOption('through', through, Cursor);
    return this.replay.readRange(after, through);
  }

  readAt(position: number): RecordedEvent | null {
    checkReadOption('position', position);
    const row = this.stmt.at.get(position);
    return row === undefined ? null : decodeRow(row);
  }

  readTail(count: number): RecordedEvent[] {
    checkReadOption('count', count);
    return this.stmt.tail.all(count).map(decodeRow).reverse();
  }

  streamHead(streamId: string): StreamHeadRow {
    return streamHeadOf(this.stmt.head.get(streamId));
  }

  headPosition(): number {
    return MaybeInt.parse(this.stmt.maxPosition.get()) ?? -1;
  }

  /**
   * A catch-up page cut short before the first unreadable row, so that a subscriber gets every
   * good event before it and its checkpoint ends right before the bad one; the next read then
   * fails on it with the CorruptEventError.
   */
  pageForSubscription(after: number, limit: number): RecordedEvent[] {
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
}
