import { describe, expect, it } from 'vitest';
import { EventColumns } from '../../projections/event-columns.js';
import type { Provenance } from '../../src/domain/provenance.js';
import { LogBuilder, ulid } from './factories.js';

describe('EventColumns bodies', () => {
  const item = ulid(1);
  const other = ulid(2);

  it('given a progress update about its own item, when kept, then only its text is held and the body reads back equal, in the same key order', () => {
    const log = new LogBuilder();
    const event = log.add(
      `item-${item}`,
      { type: 'UpdatePosted', data: { itemId: item, text: 'Training done' } },
      { on: '2011-05-01' },
    );
    const columns = new EventColumns();
    const row = columns.push(event, columns.streams.numberOf(event.streamId));
    expect(columns.bodies.get(row)).toBe('Training done');
    expect(JSON.stringify(columns.body(row))).toBe(JSON.stringify(event.data));
    expect(columns.event(row).data).toEqual(event.data);
    expect(columns.fact(row).data).toEqual(event.data);
  });

  it('given an update naming another item, or any other event, when kept, then its body is held as it came', () => {
    const log = new LogBuilder();
    const foreign = log.add(
      `item-${item}`,
      { type: 'UpdatePosted', data: { itemId: other, text: 'Elsewhere' } },
      { on: '2011-05-01' },
    );
    const rag = log.add(
      `item-${item}`,
      { type: 'RagChanged', data: { itemId: item, from: null, to: 'AMBER', reason: null } },
      { on: '2011-05-02' },
    );
    const columns = new EventColumns();
    const stream = columns.streams.numberOf(`item-${item}`);
    const a = columns.push(foreign, stream);
    const b = columns.push(rag, stream);
    expect(columns.bodies.get(a)).toBe(foreign.data);
    expect(columns.body(a)).toEqual({ itemId: other, text: 'Elsewhere' });
    expect(columns.bodies.get(b)).toBe(rag.data);
  });

  it('given live events, then an imported one, when kept, then each reads back with its own provenance and the list starts at the first', () => {
    const log = new LogBuilder();
    const update = (text: string) =>
      log.add(`item-${item}`, { type: 'UpdatePosted', data: { itemId: item, text } }, { on: '2011-05-01' });
    const provenance: Provenance = {
      digest: 'a'.repeat(64),
      fileName: 'board-paper.csv',
      sheet: null,
      line: 12,
      column: { number: 3, title: 'Update' },
      dateStated: true,
      dateFrom: 'stated',
    };
    const columns = new EventColumns();
    const stream = columns.streams.numberOf(`item-${item}`);
    columns.push(update('live one'), stream);
    columns.push(update('live two'), stream);
    expect(columns.provenance).toEqual([]);
    columns.push({ ...update('imported'), provenance }, stream);
    columns.push(update('live three'), stream);
    expect(columns.provenance).toEqual([null, null, provenance, null]);
    expect([0, 1, 2, 3].map((row) => columns.event(row).provenance)).toEqual([
      undefined,
      undefined,
      provenance,
      undefined,
    ]);
    expect(columns.fact(2).provenance).toEqual(provenance);
  });
});
