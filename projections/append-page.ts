import type { Actor } from '../src/domain/envelope.js';
import type { Provenance } from '../src/domain/provenance.js';
import type { ColumnsPage } from './columns-page.js';
import type { EventColumns } from './event-columns.js';
import { ID_BYTES } from './ulid-bytes.js';

/**
 * How one page producer's numbers (a replay thread's intern tables, columns-page.ts) map to the
 * columns' own: per table, the columns' number of each value the producer numbered, in the
 * producer's order. Every producer starts from the tables the columns held when it was seeded
 * (numbered alike); past them each numbers what it meets on its own, so two threads reading
 * the log in turns number a value differently, and the columns number it once, when the page
 * that has it first in log order is added.
 */
export class PageNumbering {
  readonly types: number[];
  readonly actors: number[];
  readonly streams: number[];

  /**
   * For a producer seeded with what `columns` numbers now. `share` gives the one object kept
   * for an actor's value (the index's decoder, `TrustedDecoder.sharedActor`): a page's actors
   * arrive as copies, and the columns number actors by object, so an actor both threads met,
   * or met again in events the index's own decoder applies (the log's tail, live events after
   * the rebuild), is numbered once.
   */
  constructor(
    private readonly columns: EventColumns,
    private readonly share: (actor: Actor) => Actor,
  ) {
    const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
    this.types = identity(columns.types.values.length);
    this.actors = identity(columns.actors.values.length);
    this.streams = identity(columns.streams.values.length);
  }

  /** Numbers a page's new values in the columns (in the page's order), and maps them. */
  add(page: ColumnsPage): void {
    const { columns } = this;
    for (const type of page.newTypes) this.types.push(columns.types.numberOf(type));
    for (const stream of page.newStreams) this.streams.push(columns.streams.numberOf(stream));
    for (const actor of page.newActors) this.actors.push(columns.actors.numberOf(this.share(actor)));
  }
}

/**
 * Adds a page to `columns`, its numbers mapped through `numbering` (its producer's, made when
 * the producer was seeded from these columns); returns the page's first row. Ids inside object
 * bodies are shared through `ids` (one string per id, as the trusted decoder shares them).
 */
export function appendPage(
  columns: EventColumns,
  page: ColumnsPage,
  numbering: PageNumbering,
  ids: Map<string, string>,
  provenances: Map<string, Provenance>,
): number {
  const base = columns.length;
  const n = page.rows;
  numbering.add(page);
  mapNumbers(page.type, numbering.types, n);
  mapNumbers(page.actor, numbering.actors, n);
  mapNumbers(page.stream, numbering.streams, n);
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
  const texts = columns.bodies.addJoinedTexts(page.texts);
  let text = 0;
  for (let i = 0; i < n; i++) {
    const body = kept[i];
    if (body === 0) columns.bodies.pushText(base + i, texts[text++] as number);
    else
      columns.bodies.push(
        base + i,
        shareIds(body, ids, columns.streamKey(columns.stream[base + i] as number)),
      );
  }
  if (text !== texts.length) throw new Error(`a page of ${text} texts came with ${texts.length}`);
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

/** Each of the first `n` numbers in `numbers`, as `map` maps it (a page's own, before it is copied). */
function mapNumbers(numbers: Uint8Array | Int32Array, map: readonly number[], n: number): void {
  for (let i = 0; i < n; i++) {
    const to = map[numbers[i] as number];
    if (to === undefined)
      throw new Error('unreachable: a page numbers only values it or its producer listed');
    numbers[i] = to;
  }
}

/**
 * Object bodies' ids (26-character strings, alone or in lists) as one shared string each: the
 * stream key's when it is the row's stream's id.
 */
function shareIds(body: unknown, ids: Map<string, string>, streamKey: string): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const record = body as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (typeof value === 'string') {
      // Most are the row's own stream's id (an item event's itemId): the columns' copy of it,
      // found by a comparison instead of a look-up.
      if (value.length === 26) record[key] = value === streamKey ? streamKey : shared(value, ids);
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
