import { describe, expect, it } from 'vitest';
import { EventColumns } from '../../projections/event-columns.js';
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
});
