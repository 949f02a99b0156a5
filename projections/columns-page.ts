import type { Actor } from '../src/domain/envelope.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { Provenance } from '../src/domain/provenance.js';
import { parseStreamId } from '../src/domain/streams.js';
import { dayKey, type EventColumns, InternTable, keptBody } from './event-columns.js';
import { ID_BYTES, writeUlid } from './ulid-bytes.js';

/**
 * One page of one stream kind's rows, made where the log is read (a replay thread) and added
 * to an index's `EventColumns` elsewhere (`appendPage`): every column as bytes that move
 * between threads without a copy, the intern tables' new values, and the bodies as one JSON
 * text (what the columns keep of each: see `keptBody`). Rows are numbered from the columns'
 * own first row, so the numbers in `type`, `actor` and `stream` are the index's.
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
  /** JSON of the rows' kept bodies, in row order (one parse on the receiving side). */
  bodies: string;
  /** Rows with provenance: [row of the page, its JSON]. */
  provenance: [number, string][];
}

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
  return [page.ms.buffer as ArrayBuffer];
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

  /** Adds one event of the kind; returns its stream's number. */
  push(event: LedgerEvent): number {
    const page = this.page;
    const row = page.rows++;
    if (row === page.ms.length) throw new Error('unreachable: a page holds the rows `start` was told');
    const stream = this.streams.numberOf(event.streamId);
    let key = this.streamKeys[stream];
    if (key === undefined) {
      key = parseStreamId(event.streamId)?.id ?? event.streamId;
      this.streamKeys[stream] = key;
    }
    page.ms[row] = Date.parse(event.recordedAt);
    page.day[row] = dayKey(event.effectiveOn);
    page.revision[row] = event.revision;
    page.position[row] = event.position;
    page.type[row] = this.types.numberOf(event.type);
    page.version[row] = event.schemaVersion;
    page.actor[row] = this.actors.numberOf(event.actor);
    page.stream[row] = stream;
    if (!writeUlid(page.ids, row * ID_BYTES, event.eventId)) page.oddIds.push([row, event.eventId]);
    this.kept.push(keptBody(event, key));
    if (event.provenance !== undefined) page.provenance.push([row, JSON.stringify(event.provenance)]);
    return stream;
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
      provenance: [],
    };
  }
}

/**
 * Adds a page to `columns` (which must hold exactly the rows the page's builder numbered
 * before it, so their intern tables agree); returns the page's first row. Ids inside object
 * bodies are shared through `ids` (one string per id, as the trusted decoder shares them).
 */
export function appendPage(
  columns: EventColumns,
  page: ColumnsPage,
  ids: Map<string, string>,
  provenances: Map<string, Provenance>,
): number {
  const base = columns.length;
  const n = page.rows;
  for (const [values, table] of [
    [page.newTypes, columns.types],
    [page.newStreams, columns.streams],
  ] as const)
    for (const value of values) expectNumber(table, value);
  for (const actor of page.newActors) expectNumber(columns.actors, Object.freeze(actor));
  if (base + n > columns.ms.length) columns.grow(Math.max(base + n, columns.ms.length * 2));
  columns.ms.set(page.ms.subarray(0, n), base);
  columns.day.set(page.day.subarray(0, n), base);
  columns.revision.set(page.revision.subarray(0, n), base);
  columns.position.set(page.position.subarray(0, n), base);
  columns.type.set(page.type.subarray(0, n), base);
  columns.version.set(page.version.subarray(0, n), base);
  columns.actor.set(page.actor.subarray(0, n), base);
  columns.stream.set(page.stream.subarray(0, n), base);
  columns.ids.set(page.ids.subarray(0, n * ID_BYTES), base * ID_BYTES);
  for (const [row, id] of page.oddIds) columns.oddIds.set(base + row, id);
  columns.length = base + n;
  const kept = JSON.parse(page.bodies) as unknown[];
  if (kept.length !== n) throw new Error(`a page of ${n} rows came with ${kept.length} bodies`);
  for (let i = 0; i < n; i++) columns.bodies.push(base + i, shareIds(kept[i], ids));
  if (page.provenance.length > 0 || columns.provenance.length > 0) {
    const list = columns.provenance;
    // Filled densely, as EventColumns.push fills it.
    for (const [row, text] of page.provenance) {
      while (list.length < base + row) list.push(null);
      let provenance = provenances.get(text);
      if (provenance === undefined) {
        provenance = JSON.parse(text) as Provenance;
        provenances.set(text, provenance);
      }
      list[base + row] = provenance;
    }
    while (list.length < base + n) list.push(null);
  }
  return base;
}

/** Numbers `value` in `table`, which must give it the next number (the builder's order). */
function expectNumber<T>(table: InternTable<T>, value: T): void {
  const expected = table.values.length;
  if (table.numberOf(value) !== expected)
    throw new Error('unreachable: a replayed page numbers its values as the columns do');
}

/** Object bodies' ids (26-character strings, alone or in lists) as one shared string each. */
function shareIds(body: unknown, ids: Map<string, string>): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const record = body as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string') {
      if (value.length === 26) record[key] = shared(value, ids);
    } else if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'string' && item.length === 26) value[i] = shared(item, ids);
      }
  }
  return body;
}

function shared(value: string, ids: Map<string, string>): string {
  const known = ids.get(value);
  if (known !== undefined) return known;
  ids.set(value, value);
  return value;
}
