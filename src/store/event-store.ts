import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import type { ExpectedRevision } from '../errors.js';

export type { ExpectedRevision };

/**
 * Outcome of an append. `noop` is true when every event was already stored at these places (a
 * retry): then `events` are the stored ones and `nextRevision` is the revision of the last of
 * them, the answer the first attempt gave, even if the stream has moved on since. An empty
 * append is also a `noop` (after its expectedRevision check), with the stream's current revision.
 */
export interface AppendResult {
  /** The stream's revision after the append (that of its last event). */
  nextRevision: number;
  /** The events as stored (with envelope), in stream order. */
  events: RecordedEvent[];
  noop: boolean;
}

export interface ReadStreamOptions {
  /** First revision to return (forwards: lowest; backwards: highest). Default: the stream's start/end. */
  fromRevision?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

/**
 * A page of the global log. The cursor is exclusive: `after` is the position of the last event
 * the reader already has (an event's `position`, or `headPosition()`), so the next page starts
 * right after it on every adapter, whatever the gaps between positions (EventStoreDB's are
 * byte offsets). docs/architecture.md, Store, "Paging the log".
 */
export interface ReadAllOptions {
  /**
   * Return events with position > after. Absent or -1: from the start of the log. Past the
   * head: an empty page. A value an adapter cannot place in its log (on EventStoreDB a number
   * inside a record, such as another store's position) is a ValidationError naming `after`,
   * found in a bounded number of reads, never by scanning the log.
   */
  after?: number;
  /** At most this many events. Default: to the head. */
  limit?: number;
}

/**
 * An event as a replay of the whole log reads it (`readReplay`): the envelope without its chain
 * hashes and its correlation and causation ids, which no read model keeps (verification and
 * the raw ledger read them with `readAll`). Every `RecordedEvent` is one.
 */
export type ReplayedEvent = Omit<RecordedEvent, 'prevHash' | 'hash' | 'correlationId' | 'causationId'>;

export interface SubscribeOptions {
  /**
   * Resume after this position (exclusive), i.e. the checkpoint of the last event handled.
   * Null or absent: from the start of the log.
   */
  after?: number | null;
}

/** A running subscription. */
export interface Subscription {
  /** Stops delivery; resolves once the handler will not be called again. */
  close(): Promise<void>;
  /** Resolves when the subscription has caught up with the head at least once. */
  readonly caughtUp: Promise<void>;
  /** Rejects/resolves when the subscription ends (handler error, store closed, or close()). */
  readonly done: Promise<void>;
}

/**
 * The store port (docs/architecture.md, Store). Adapters: SQLite (embedded, default) and EventStoreDB. Both pass
 * tests/store/contract.ts. A store computes the envelope's server-owned fields (revision,
 * position, recordedAt, prevHash, hash) itself; it never takes them from the caller.
 */
export interface EventStore {
  /**
   * Appends atomically: all events or none. `expectedRevision` mismatch → ConcurrencyError.
   * Events whose ids are already stored at exactly these places → success with `noop: true`,
   * checked before expectedRevision so that a retry after a lost acknowledgement succeeds;
   * ids stored anywhere else (or only some of them) → DuplicateEventError. Duplicate ids within
   * one append, or server-owned fields supplied by the caller → ValidationError
   * (see append-rules.ts, shared by the adapters).
   */
  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: which of these streams hold at least one event, in one look-up instead of a read per
   * stream (an import asks about every stream it plans, nearly all new on a first import). A store
   * without it is read stream by stream (`readPlannedStreams`, src/import/record/planned-reads.ts).
   */
  existingStreams?(streamIds: readonly string[]): Promise<ReadonlySet<string>>;
  /** The global log in position order, after a cursor (exclusive). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: the global log as `readAll` pages it (same events, same order, same cursor, the
   * same CorruptEventError for a bad row), less what `ReplayedEvent` leaves out, for a replay
   * into the read models. An adapter that can read fewer columns more cheaply offers it
   * (SQLite); the others are read through `readAll` (`readReplayPages`, read-log.ts).
   */
  readReplay?(options: ReadAllOptions): Promise<ReplayedEvent[]>;
  /**
   * Optional: the file a replay thread may open read-only to read the log as `readReplay` does
   * (projections/runtime/replay-thread.ts); null or absent when there is none (a store in
   * memory, a server).
   */
  replayFile?(): string | null;
  /** The event at exactly this position, or null when no event of the log is there (a look-up, not a cursor). */
  readAt(position: number): Promise<RecordedEvent | null>;
  /** The last `count` events of the log, oldest first (the window a start-up check verifies). */
  readTail(count: number): Promise<RecordedEvent[]>;
  /** The stream's current revision, -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  /** The position of the last event in the log, -1 when empty. */
  headPosition(): Promise<number>;
  /**
   * Catch-up then live: the handler sees every event after `after` exactly once, in order, one
   * at a time (the next waits for the previous handler's promise).
   */
  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription;
  /**
   * Whether appends can be recorded now, for /health. Optional: a store whose writes go straight
   * to its server (EventStoreDB) has no writer of its own to report on.
   */
  writerHealth?(): WriterHealth;
  close(): Promise<void>;
}

/** The state of a store's own writer (the SQLite write thread). */
export interface WriterHealth {
  /** False once the writer has stopped for good: every append fails until the server restarts. */
  writing: boolean;
  /** How often the writer was replaced after it stopped unexpectedly. */
  restarts: number;
  /** When it was last replaced (UTC ISO-8601). */
  lastRestartAt?: string;
}
