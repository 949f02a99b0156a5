import type Database from 'better-sqlite3';
import type { Actor, RecordedEvent } from '../domain/envelope.js';
import { Provenance } from '../domain/provenance.js';
import { StringCodes } from '../lib/string-codes.js';
import type { ReplayedEvent } from './event-store.js';
import { isInstant, isUlid } from './row-formats.js';
import { isBusinessDate, isIndex, plainActor } from './sqlite-rows.js';

/** The columns a replay reads, in this order (no hashes, no correlation or causation ids). */
const REPLAY_COLUMNS = `SELECT position, event_id, stream_id, revision, type, schema_version, effective_on,
  recorded_at, actor, data, provenance FROM events`;
const REPLAY_SQL = `${REPLAY_COLUMNS} WHERE position > ? ORDER BY position LIMIT ?`;
/** A range of positions, as replay threads read the log in turns (replay-log.ts). */
const RANGE_SQL = `${REPLAY_COLUMNS} WHERE position > ? AND position <= ? ORDER BY position`;

/** Distinct actor and provenance texts remembered per store (a few keys write everything). */
const TEXTS_KEPT = 10_000;

/**
 * The SQLite store's `readReplay` (docs/architecture.md, Store): the log for a replay into the
 * read models, read as arrays (`raw`) of the eleven columns a replay keeps, not as a row object
 * of fifteen keys per event, and without the two 64-character hashes, whose strings and
 * format checks were a sixth of a rebuild's read. Each row gets the checks `decodeRow` makes on
 * the columns read (the same patterns); an actor or provenance text is parsed and checked once
 * and its value shared by every row that repeats it. A row these checks do not plainly accept
 * is read again whole through `readAt` (`decodeRow`), which returns the same event or throws
 * its CorruptEventError naming the event: a replay refuses exactly what `readAll` refuses.
 */
export class SqliteReplayReads {
  private readonly stmt: Database.Statement<[number, number]>;
  private readonly range: Database.Statement<[number, number]>;
  /** Actor texts met, numbered, and their values (a Map hashed every fresh 75-character text). */
  private readonly actorCodes = new StringCodes();
  private readonly actors: Actor[] = [];
  private readonly provenances = new Map<string, Provenance>();

  constructor(
    db: Database.Database,
    /** The whole-row read of one position, which decides (and names) what is wrong with a row. */
    private readonly readAt: (position: number) => RecordedEvent | null,
  ) {
    this.stmt = db.prepare(REPLAY_SQL).raw(true) as Database.Statement<[number, number]>;
    this.range = db.prepare(RANGE_SQL).raw(true) as Database.Statement<[number, number]>;
  }

  /** Events after `after`, at most `limit` (-1: no limit); cursor checked by the caller. */
  read(after: number, limit: number): ReplayedEvent[] {
    return this.decoded(this.stmt.all(after, limit) as unknown[][]);
  }

  /** Events with positions in (after, through]; bounds checked by the caller. */
  readRange(after: number, through: number): ReplayedEvent[] {
    return this.decoded(this.range.all(after, through) as unknown[][]);
  }

  private decoded(rows: unknown[][]): ReplayedEvent[] {
    const out = new Array<ReplayedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as unknown[];
      out[i] = this.plain(row) ?? this.whole(row[0]);
    }
    return out;
  }

  /** The event when its row plainly passes `decodeRow`'s checks; else null. */
  private plain(r: unknown[]): ReplayedEvent | null {
    const [
      position,
      eventId,
      streamId,
      revision,
      type,
      version,
      effectiveOn,
      recordedAt,
      actorText,
      dataText,
      provenanceText,
    ] = r;
    if (
      !(
        isIndex(position) &&
        typeof eventId === 'string' &&
        isUlid(eventId) &&
        typeof streamId === 'string' &&
        streamId.length > 0 &&
        isIndex(revision) &&
        typeof type === 'string' &&
        type.length > 0 &&
        isIndex(version) &&
        version > 0 &&
        typeof effectiveOn === 'string' &&
        isBusinessDate(effectiveOn) &&
        typeof recordedAt === 'string' &&
        isInstant(recordedAt) &&
        typeof actorText === 'string' &&
        typeof dataText === 'string'
      )
    )
      return null;
    const actor = this.actor(actorText);
    if (actor === null) return null;
    let provenance: Provenance | undefined;
    if (provenanceText !== null) {
      if (typeof provenanceText !== 'string') return null;
      const known = this.provenance(provenanceText);
      if (known === null) return null;
      provenance = known;
    }
    let data: unknown;
    try {
      data = JSON.parse(dataText);
    } catch {
      return null;
    }
    // One literal of fixed keys, the provenance added after when there is one: a spread in
    // the literal built its object key by key (and a temporary object) for every row.
    const event: ReplayedEvent = {
      eventId,
      type,
      schemaVersion: version,
      streamId,
      revision,
      position,
      effectiveOn,
      recordedAt,
      actor,
      data,
    };
    if (provenance !== undefined) event.provenance = provenance;
    return event;
  }

  /** A row the fast checks did not accept: `decodeRow` decides, and names what is wrong. */
  private whole(position: unknown): ReplayedEvent {
    const event = isIndex(position) ? this.readAt(position) : null;
    if (event === null) throw new Error(`unreachable: the row at ${String(position)} was just read`);
    const { prevHash: _p, hash: _h, correlationId: _c, causationId: _d, ...replayed } = event;
    return replayed;
  }

  private actor(text: string): Actor | null {
    const code = this.actorCodes.get(text);
    if (code >= 0) return this.actors[code] as Actor;
    let actor: Actor | null;
    try {
      actor = plainActor(JSON.parse(text));
    } catch {
      return null;
    }
    if (actor !== null && this.actors.length < TEXTS_KEPT) {
      this.actorCodes.set(text, this.actors.length);
      this.actors.push(Object.freeze(actor));
    }
    return actor;
  }

  private provenance(text: string): Provenance | null {
    const known = this.provenances.get(text);
    if (known !== undefined) return known;
    let parsed: ReturnType<typeof Provenance.safeParse>;
    try {
      parsed = Provenance.safeParse(JSON.parse(text));
    } catch {
      return null;
    }
    if (!parsed.success) return null;
    if (this.provenances.size < TEXTS_KEPT) this.provenances.set(text, parsed.data);
    return parsed.data;
  }
}
