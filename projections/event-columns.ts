import type { Actor } from '../src/domain/envelope.js';
import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { Provenance } from '../src/domain/provenance.js';
import { parseStreamId } from '../src/domain/streams.js';
import { EventBodies } from './event-bodies.js';
import { instantMs } from './instant-ms.js';
import { ID_BYTES, readUlid, writeUlid } from './ulid-bytes.js';

/** `YYYY-MM-DD` → YYYYMMDD as an integer (order-preserving, no allocation). */
export function dayKey(date: string): number {
  let n = 0;
  for (let i = 0; i < 10; i++) {
    const c = date.charCodeAt(i);
    if (c !== 45) n = n * 10 + (c - 48);
  }
  return n;
}

/**
 * What the columns keep of an event's body (`EventColumns.kept`): a progress update about
 * its own stream's item (`streamKey`: the stream id without its kind) as its text alone, any
 * other body as it is. Shared with the replay thread, which fills pages of columns
 * (columns-page.ts).
 */
export function keptBody(event: LedgerEvent, streamKey: string): unknown {
  if (event.type !== 'UpdatePosted') return event.data;
  const data = event.data;
  if (data.itemId !== streamKey) return data;
  let fields = 0;
  for (const _ in data) fields++;
  return fields === 2 ? data.text : data;
}

/** An id to compare, as bytes (reused: one comparison at a time). */
const probe = new Uint8Array(ID_BYTES);

/** A table of distinct values, each kept once and referred to by its number. */
export class InternTable<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<T, number>();

  constructor(values: readonly T[] = []) {
    for (const value of values) this.numberOf(value);
  }

  /** The number of `value`, -1 when it was never seen (nothing is added). */
  numberIfKnown(value: T): number {
    return this.numbers.get(value) ?? -1;
  }

  numberOf(value: T): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(value);
      this.numbers.set(value, n);
    }
    return n;
  }
}

/**
 * The events of one stream kind (items, plans, inspections or boards), column by column: one
 * row per event (and per corrected version of an event a view folds), numbers in typed arrays,
 * repeated strings and actors as numbers into intern tables, event ids as bytes outside the
 * JS heap. Only each event's body (`data`, see event-bodies.ts: restored bodies stay bytes until
 * read; a progress update is kept as its text, see `kept`) and its provenance stay objects.
 *
 * Why (docs/architecture.md, "Index layout and cost"): an index of one object per event kept
 * ≈ 800 bytes and half a dozen live objects per event on the heap, and at 1M events rebuilds
 * and start-ups were bounded by the garbage collector marking and copying them. A row here is
 * ≈ 50 bytes of arrays plus its body. Events are materialized (`event(row)`) when a fold or a
 * history needs one: short-lived objects, which the young generation collects for free.
 *
 * Rows are append-only: a row never changes once written, so a snapshot can copy any prefix
 * of the columns while new rows arrive.
 */
export class EventColumns {
  length = 0;
  ms = new Float64Array(64);
  day = new Int32Array(64);
  revision = new Int32Array(64);
  position = new Float64Array(64);
  type = new Uint8Array(64);
  version = new Uint8Array(64);
  actor = new Int32Array(64);
  stream = new Int32Array(64);
  ids = new Uint8Array(64 * ID_BYTES);
  /** Ids that are not canonical ULIDs (never written by this ledger; kept exactly). */
  oddIds = new Map<number, string>();
  /** Business dates by day key: one string per distinct day, not one per row. */
  private readonly dates = new Map<number, string>();
  readonly bodies = new EventBodies();
  /**
   * Provenance by row (null: none). Empty while no row has any (a ledger written live): the
   * list starts at the first row with provenance, so a row past its end has none.
   */
  provenance: (Provenance | null)[] = [];
  readonly types = new InternTable<string>();
  readonly actors = new InternTable<Actor>();
  readonly streams = new InternTable<string>();
  /** Each stream's id without its kind (`item-<id>` → `<id>`), by stream number, once asked for. */
  private readonly streamKeys: (string | undefined)[] = [];

  /** Adds one event; returns its row. The event object itself is not kept. */
  push(event: LedgerEvent, stream: number): number {
    const row = this.length;
    if (row === this.ms.length) this.grow(row * 2);
    this.length = row + 1;
    this.ms[row] = instantMs(event.recordedAt);
    this.day[row] = dayKey(event.effectiveOn);
    this.revision[row] = event.revision;
    this.position[row] = event.position;
    this.type[row] = this.types.numberOf(event.type);
    this.version[row] = event.schemaVersion;
    this.actor[row] = this.actors.numberOf(event.actor);
    this.stream[row] = stream;
    if (!writeUlid(this.ids, row * ID_BYTES, event.eventId)) this.oddIds.set(row, event.eventId);
    if (!this.dates.has(this.day[row] as number)) this.dates.set(this.day[row] as number, event.effectiveOn);
    this.bodies.push(row, this.kept(event, stream));
    const provenance = event.provenance;
    if (provenance !== undefined || this.provenance.length > 0) {
      // Filled densely (a holey list this long would be kept as a dictionary).
      while (this.provenance.length < row) this.provenance.push(null);
      this.provenance[row] = provenance ?? null;
    }
    return row;
  }

  /**
   * What `bodies` keeps of an event's body: a progress update about its own stream's item
   * (`{ itemId, text }`, 7 events in 10) as its text alone, the body rebuilt by `body`; any
   * other body as it is. Why (docs/architecture.md, "Index layout and cost"): the object
   * around the text was ≈ 84 bytes of heap per update (100k after a rebuild: 6.0 MB).
   */
  private kept(event: LedgerEvent, stream: number): unknown {
    return event.type === 'UpdatePosted' ? keptBody(event, this.streamKey(stream)) : event.data;
  }

  /** The body (`data`) of a row, as its event carried it. */
  body(row: number): unknown {
    const kept = this.bodies.get(row);
    // A body is always an object: a string is an update kept as its text (see `kept`).
    return typeof kept === 'string'
      ? { itemId: this.streamKey(this.stream[row] as number), text: kept }
      : kept;
  }

  /** The text of a row that is a progress update (without rebuilding its body object). */
  updateText(row: number): string {
    const kept = this.bodies.get(row);
    return typeof kept === 'string' ? kept : (kept as { text: string }).text;
  }

  /** A stream's id without its kind, by its number here (one shared string per stream). */
  streamKey(stream: number): string {
    let key = this.streamKeys[stream];
    if (key === undefined) {
      const streamId = this.streams.values[stream] as string;
      key = parseStreamId(streamId)?.id ?? streamId;
      this.streamKeys[stream] = key;
    }
    return key;
  }

  /** The business date of a row, `YYYY-MM-DD` (one shared string per day). */
  effectiveOn(row: number): string {
    const key = this.day[row] as number;
    let date = this.dates.get(key);
    if (date === undefined) {
      const text = String(key).padStart(8, '0');
      date = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
      this.dates.set(key, date);
    }
    return date;
  }

  /** True when the row's event id is `id` (compared as bytes: no string is made). */
  hasId(row: number, id: string): boolean {
    if (this.oddIds.size > 0 && this.oddIds.has(row)) return this.oddIds.get(row) === id;
    // Not a canonical ULID: it cannot be a row's id kept as bytes.
    if (!writeUlid(probe, 0, id)) return false;
    const at = row * ID_BYTES;
    for (let i = 0; i < ID_BYTES; i++) if (this.ids[at + i] !== probe[i]) return false;
    return true;
  }

  /**
   * The first of `rows` whose event id is `id` (undefined: none): `hasId` over the rows, with
   * the id read into bytes once, not once per row (a correction looks its target up this way).
   */
  rowWithId(rows: readonly number[], id: string): number | undefined {
    if (this.oddIds.size > 0) return rows.find((row) => this.hasId(row, id));
    if (!writeUlid(probe, 0, id)) return undefined;
    const { ids } = this;
    for (const row of rows) {
      const at = row * ID_BYTES;
      let i = 0;
      while (i < ID_BYTES && ids[at + i] === probe[i]) i++;
      if (i === ID_BYTES) return row;
    }
    return undefined;
  }

  /** The event id of a row. */
  eventId(row: number): string {
    if (this.oddIds.size > 0) {
      const odd = this.oddIds.get(row);
      if (odd !== undefined) return odd;
    }
    return readUlid(this.ids, row * ID_BYTES);
  }

  /**
   * A row for a fold step: the fields the folds read, with the event id and `recordedAt`
   * computed only if read (the item, plan and inspection folds never do). Not for copying:
   * spreading it would lose those two.
   */
  fact(row: number): LedgerEvent {
    return new FoldedRow(this, row) as unknown as LedgerEvent;
  }

  /** A row as the LedgerEvent the folds and histories read (hashes and request ids dropped). */
  event(row: number): LedgerEvent {
    const provenance = this.provenance[row];
    const event = {
      eventId: this.eventId(row),
      type: this.types.values[this.type[row] as number],
      schemaVersion: this.version[row],
      effectiveOn: this.effectiveOn(row),
      actor: this.actors.values[this.actor[row] as number],
      correlationId: null,
      causationId: null,
      streamId: this.streams.values[this.stream[row] as number],
      revision: this.revision[row],
      position: this.position[row],
      recordedAt: new Date(this.ms[row] as number).toISOString(),
      prevHash: DROPPED,
      hash: DROPPED,
      data: this.body(row),
      ...(provenance === null || provenance === undefined ? {} : { provenance }),
    };
    // The row was written from a decoded LedgerEvent: this is that event, less what is dropped.
    return event as unknown as LedgerEvent;
  }

  /** Capacity for at least `rows` rows (snapshot loading sizes the arrays once). */
  grow(rows: number): void {
    const size = Math.max(64, rows);
    this.ms = resized(this.ms, size, Float64Array);
    this.day = resized(this.day, size, Int32Array);
    this.revision = resized(this.revision, size, Int32Array);
    this.position = resized(this.position, size, Float64Array);
    this.type = resized(this.type, size, Uint8Array);
    this.version = resized(this.version, size, Uint8Array);
    this.actor = resized(this.actor, size, Int32Array);
    this.stream = resized(this.stream, size, Int32Array);
    const ids = new Uint8Array(size * ID_BYTES);
    ids.set(this.ids.subarray(0, Math.min(this.ids.length, this.length * ID_BYTES)));
    this.ids = ids;
  }
}

/** Stands in for the hashes the index does not keep (verification reads the store). */
const DROPPED = '';

/** See `EventColumns.fact`. */
class FoldedRow {
  readonly type: string;
  readonly schemaVersion: number;
  readonly effectiveOn: string;
  readonly actor: Actor;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly data: unknown;
  readonly correlationId = null;
  readonly causationId = null;

  constructor(
    private readonly columns: EventColumns,
    private readonly row: number,
  ) {
    this.type = columns.types.values[columns.type[row] as number] as string;
    this.schemaVersion = columns.version[row] as number;
    this.effectiveOn = columns.effectiveOn(row);
    this.actor = columns.actors.values[columns.actor[row] as number] as Actor;
    this.streamId = columns.streams.values[columns.stream[row] as number] as string;
    this.revision = columns.revision[row] as number;
    this.position = columns.position[row] as number;
    this.data = columns.body(row);
  }

  get eventId(): string {
    return this.columns.eventId(this.row);
  }

  get recordedAt(): string {
    return new Date(this.columns.ms[this.row] as number).toISOString();
  }

  get provenance(): Provenance | undefined {
    return this.columns.provenance[this.row] ?? undefined;
  }
}

function resized<A extends Float64Array | Int32Array | Uint8Array>(
  array: A,
  size: number,
  Kind: { new (size: number): A },
): A {
  const next = new Kind(size);
  next.set(array.subarray(0, Math.min(array.length, size)));
  return next;
}
