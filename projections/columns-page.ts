import type { Actor } from '../src/domain/envelope.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import { parseStreamId } from '../src/domain/streams.js';
import type { ReplayedEvent } from '../src/store/event-store.js';
import { dayKey, type EventColumns, InternTable, keptBody } from './event-columns.js';
import { instantMs } from './instant-ms.js';
import { type JoinedTexts, TextArena } from './text-arena.js';
import { ID_BYTES, writeUlid } from './ulid-bytes.js';

/**
 * One page of one stream kind's rows, made where the log is read (a replay thread) and added
 * to an index's `EventColumns` elsewhere (`appendPage`, append-page.ts): every column as bytes that move
 * between threads without a copy, the intern tables' new values, and the bodies as one JSON
 * text (what the columns keep of each: see `keptBody`), except progress updates' texts, which
 * come joined in one string (`texts`) for the receiving side's text arena to code. Rows are
 * numbered from the columns' own first row, so the numbers in `type`, `actor` and `stream` are
 * the index's.
 *
 * Why the texts are coded on the receiving side: the replay thread is a rebuild's bound (busy
 * throughout while the main thread waited for pages a quarter of the time), and coding was
 * 14–16% of its time (docs/architecture.md, "Rebuild off the event loop").
 */
export interface ColumnsPage {
  rows: number;
  ms: Float64Array;
  day: Int32Array;
  revision: Int32Array;
  position: Float64Array;
  type: Uint8Array;
  version: Uint8Array;
  actor: Int32Array;
  stream: Int32Array;
  ids: Uint8Array;
  /** Ids that are not canonical ULIDs, by row of the page. */
  oddIds: [number, string][];
  /** Values first used in this page, in the order they were numbered. */
  newTypes: string[];
  newActors: Actor[];
  newStreams: string[];
  /**
   * JSON of the rows' kept bodies, in row order (one parse on the receiving side); a text in
   * `texts` is a 0 here.
   */
  bodies: string;
  /** The texts `keptBody` keeps (those that `TextArena.fits`), joined, in row order. */
  texts: JoinedTexts;
  /** Rows with provenance: [row of the page, its JSON]. */
  provenance: [number, string][];
}

/** What a row takes from its event besides its type, actor and kept body. */
type RowFields = Pick<
  ReplayedEvent,
  'eventId' | 'revision' | 'position' | 'effectiveOn' | 'recordedAt' | 'schemaVersion' | 'provenance'
>;

/** The values an `EventColumns`' intern tables hold, in number order. */
export interface InternedValues {
  types: string[];
  actors: Actor[];
  streams: string[];
}

/** What `columns` has numbered so far (to `seed` a builder with). */
export function internedValues(columns: EventColumns): InternedValues {
  return {
    types: columns.types.values.slice(),
    actors: columns.actors.values.slice(),
    streams: columns.streams.values.slice(),
  };
}

/** The buffer a page's columns share, to hand over (`postMessage` transfer list), not copy. */
export function pageBuffers(page: ColumnsPage): ArrayBuffer[] {
  return [page.ms.buffer as ArrayBuffer, page.texts.ends.buffer as ArrayBuffer];
}

/** Columns for `n` rows as views of one buffer (one allocation, one transfer). */
function pageColumns(n: number) {
  const buffer = new ArrayBuffer(n * (8 + 8 + 4 + 4 + 4 + 4 + ID_BYTES + 1 + 1));
  let at = 0;
  const next = <A>(Kind: new (b: ArrayBuffer, at: number, n: number) => A, bytes: number, count = n): A => {
    const array = new Kind(buffer, at, count);
    at += bytes * count;
    return array;
  };
  return {
    ms: next(Float64Array, 8),
    position: next(Float64Array, 8),
    day: next(Int32Array, 4),
    revision: next(Int32Array, 4),
    actor: next(Int32Array, 4),
    stream: next(Int32Array, 4),
    ids: next(Uint8Array, 1, n * ID_BYTES),
    type: next(Uint8Array, 1),
    version: next(Uint8Array, 1),
  };
}

/**
 * Builds `ColumnsPage`s of one stream kind from decoded events, numbering types, actors and
 * streams exactly as `EventColumns.push` numbers them into fresh columns (the same intern
 * order), so the receiving columns end up as if every event had been pushed there.
 */
export class ColumnsPageBuilder {
  private readonly types = new InternTable<string>();
  private readonly actors = new InternTable<Actor>();
  private readonly streams = new InternTable<string>();
  private readonly streamKeys: string[] = [];
  private sent = { types: 0, actors: 0, streams: 0 };
  private page: ColumnsPage = this.empty(0);
  private kept: unknown[] = [];
  private texts: string[] = [];
  private textEnds: number[] = [];
  private textChars = 0;

  /**
   * Numbers the values the receiving columns already hold (they replayed the first pages
   * themselves) as they do, before any page is built.
   */
  seed(tables: InternedValues): void {
    for (const type of tables.types) this.types.numberOf(type);
    for (const actor of tables.actors) this.actors.numberOf(actor);
    for (const stream of tables.streams) this.streams.numberOf(stream);
    this.sent = { types: tables.types.length, actors: tables.actors.length, streams: tables.streams.length };
  }

  /** Starts a page of exactly `rows` rows. */
  start(rows: number): void {
    this.page = this.empty(rows);
  }

  /** Rows in the page being built. */
  get rows(): number {
    return this.page.rows;
  }

  /** The number of a stream, numbered now if new (`push` must then follow in the same order). */
  streamNumber(streamId: string): number {
    return this.streams.numberOf(streamId);
  }

  /** Adds one event of the kind (of stream number `stream`, see `streamNumber`); returns `stream`. */
  push(event: LedgerEvent, stream = this.streams.numberOf(event.streamId)): number {
    this.pushRow(
      event,
      event.type,
      event.actor,
      stream,
      keptBody(event, this.streamKey(stream, event.streamId)),
    );
    return stream;
  }

  /**
   * Adds a progress update whose body the columns keep as its text alone (`keptBody`), from the
   * record read, with no event made for it (`TrustedDecoder.plainUpdateText` says which).
   */
  pushUpdateText(record: ReplayedEvent, actor: Actor, stream: number, text: string): void {
    this.pushRow(record, 'UpdatePosted', actor, stream, text);
  }

  /** Stream `stream`'s id without its kind (the columns' stream key). */
  streamKey(stream: number, streamId: string): string {
    let key = this.streamKeys[stream];
    if (key === undefined) {
      key = parseStreamId(streamId)?.id ?? streamId;
      this.streamKeys[stream] = key;
    }
    return key;
  }

  private pushRow(event: RowFields, type: string, actor: Actor, stream: number, kept: unknown): void {
    const page = this.page;
    const row = page.rows++;
    if (row === page.ms.length) throw new Error('unreachable: a page holds the rows `start` was told');
    page.ms[row] = instantMs(event.recordedAt);
    page.day[row] = dayKey(event.effectiveOn);
    page.revision[row] = event.revision;
    page.position[row] = event.position;
    page.type[row] = this.types.numberOf(type);
    page.version[row] = event.schemaVersion;
    page.actor[row] = this.actors.numberOf(actor);
    page.stream[row] = stream;
    if (!writeUlid(page.ids, row * ID_BYTES, event.eventId)) page.oddIds.push([row, event.eventId]);
    if (typeof kept === 'string' && TextArena.fits(kept)) {
      this.texts.push(kept);
      this.textChars += kept.length;
      this.textEnds.push(this.textChars);
      this.kept.push(0);
    } else this.kept.push(kept);
    if (event.provenance !== undefined) page.provenance.push([row, JSON.stringify(event.provenance)]);
  }

  /** The page built so far (then a fresh one is started). */
  take(): ColumnsPage {
    const page = this.page;
    page.newTypes = this.types.values.slice(this.sent.types);
    page.newActors = this.actors.values.slice(this.sent.actors);
    page.newStreams = this.streams.values.slice(this.sent.streams);
    this.sent = {
      types: this.types.values.length,
      actors: this.actors.values.length,
      streams: this.streams.values.length,
    };
    page.bodies = JSON.stringify(this.kept);
    this.kept = [];
    page.texts = { joined: this.texts.join(''), ends: new Int32Array(this.textEnds) };
    this.texts = [];
    this.textEnds = [];
    this.textChars = 0;
    this.page = this.empty(0);
    if (page.rows !== page.ms.length) throw new Error('unreachable: a page holds the rows `start` was told');
    return page;
  }

  private empty(rows: number): ColumnsPage {
    return {
      rows: 0,
      ...pageColumns(rows),
      oddIds: [],
      newTypes: [],
      newActors: [],
      newStreams: [],
      bodies: '[]',
      texts: NO_TEXTS,
      provenance: [],
    };
  }
}

/** An empty page's texts (never transferred: a page is only sent once `take` filled it). */
const NO_TEXTS: JoinedTexts = { joined: '', ends: new Int32Array(0) };
