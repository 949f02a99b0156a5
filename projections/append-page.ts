import type { Provenance } from '../src/domain/provenance.js';
import type { ColumnsPage } from './columns-page.js';
import type { EventColumns, InternTable } from './event-columns.js';
import { ID_BYTES } from './ulid-bytes.js';

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

/** Numbers `value` in `table`, which must give it the next number (the builder's order). */
function expectNumber<T>(table: InternTable<T>, value: T): void {
  const expected = table.values.length;
  if (table.numberOf(value) !== expected)
    throw new Error('unreachable: a replayed page numbers its values as the columns do');
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
