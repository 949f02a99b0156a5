import type Database from 'better-sqlite3';
import type { StreamHeadRow } from './sqlite-reads.js';

/**
 * Streams whose heads the writer keeps at most; past it the memory starts again from the last
 * commit's streams (a head is ≈ 150 bytes: 50,000 are a few MB).
 */
export const MAX_KNOWN_HEADS = 50_000;

/** The log's end as the writer's own last commit left it. */
export interface LogEnd {
  /** The position the next event takes. */
  nextPosition: number;
  /** The latest recordedAt in the log (null: empty). */
  latest: string | null;
  /**
   * Heads of streams the writer has read or written (a subset: absent means "not known"). Read
   * only during a transaction; `remember` extends it once the transaction has committed.
   */
  heads: Map<string, StreamHeadRow>;
}

/** What a committed transaction leaves for `KnownLog.remember`: its end and what `take` gave it. */
export interface CommittedEnd extends LogEnd {
  /** data_version as `take` read it inside the transaction. */
  version: number;
  /** The remembered heads `take` trusted (null: none were). */
  knownHeads: Map<string, StreamHeadRow> | null;
}

/**
 * What the SQLite writer remembers of the log's end from its own commits, so a commit need not
 * read the next position, the latest recordedAt and the stream's head again before inserting
 * (docs/architecture.md, Store, "The writer's memory of the log").
 *
 * The file may have other writers (a second process, a CLI command, another store in this
 * process), so the memory is trusted only while SQLite's `data_version` is what it was at the
 * writer's last commit: it changes whenever ANOTHER connection commits to the file, and not for
 * this connection's own commits. It is read inside the writer's `BEGIN IMMEDIATE` transaction,
 * after the write lock: no other commit can then land before this one's. Anything the guard
 * could miss would still not be written over: a stale position or stream revision fails on the
 * primary key or `UNIQUE(stream_id, revision)`, and the writer then runs the batch again reading
 * everything from the file.
 */
export class KnownLog {
  private readonly dataVersion: Database.Statement<[]>;
  private known: { version: number; end: LogEnd } | null = null;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /**
   * Called inside the write transaction, before anything is read: the log's end if nothing but
   * this writer has committed since it was remembered, else null (read the file). Forgets it
   * either way until `remember`: a transaction that fails leaves the memory empty.
   */
  take(): { version: number; end: LogEnd | null } {
    const version = this.dataVersion.get();
    if (typeof version !== 'number') throw new Error(`PRAGMA data_version returned ${String(version)}`);
    const known = this.known;
    this.known = null;
    return { version, end: known !== null && known.version === version ? known.end : null };
  }

  /**
   * Called once the transaction that `take` opened has committed: the log's end it left, with
   * the heads it read or wrote laid over the remembered ones `take` trusted (`knownHeads`), at
   * the `version` `take` read.
   */
  remember(end: CommittedEnd): void {
    const { version, knownHeads: previous } = end;
    let heads = end.heads;
    if (previous !== null && previous.size + heads.size <= MAX_KNOWN_HEADS) {
      for (const [stream, head] of end.heads) previous.set(stream, head);
      heads = previous;
    }
    this.known = { version, end: { nextPosition: end.nextPosition, latest: end.latest, heads } };
  }
}
