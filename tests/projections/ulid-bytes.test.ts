import { describe, expect, it } from 'vitest';
import { EventColumns } from '../../projections/event-columns.js';
import { ID_BYTES, readUlid, writeUlid } from '../../projections/ulid-bytes.js';
import { LogBuilder, ulid } from './factories.js';

describe('event ids as 16 bytes', () => {
  it('given canonical ULIDs at the edges of the alphabet, when written and read back, then each is the same id', () => {
    const bytes = new Uint8Array(ID_BYTES * 4);
    const ids = [
      '00000000000000000000000000',
      '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
      '01ARZ3NDEKTSV4RRFFQ69G5FAV',
      ulid(12345),
    ];
    expect(ids.map((id, i) => writeUlid(bytes, i * ID_BYTES, id))).toEqual([true, true, true, true]);
    expect(ids.map((_, i) => readUlid(bytes, i * ID_BYTES))).toEqual(ids);
  });

  it('given ids that are not canonical ULIDs, when written, then they are refused', () => {
    const bytes = new Uint8Array(ID_BYTES);
    for (const id of [
      '8ZZZZZZZZZZZZZZZZZZZZZZZZZ',
      '01arz3ndektsv4rrffq69g5fav',
      '01ARZ3NDEKTSV4RRFFQ69G5FAI',
      'evt-1',
    ])
      expect(writeUlid(bytes, 0, id)).toBe(false);
  });

  it('given a row whose id is not a ULID, when read, then it is kept exactly and found by it', () => {
    const log = new LogBuilder();
    const item = ulid(1);
    const event = log.add(
      `item-${item}`,
      { type: 'UpdatePosted', data: { itemId: item, text: 'x' } },
      { on: '2011-05-01' },
    );
    const columns = new EventColumns();
    const stream = columns.streams.numberOf(event.streamId);
    const odd = columns.push({ ...event, eventId: '01arz3ndektsv4rrffq69g5fav' }, stream);
    const plain = columns.push({ ...event, position: 1 }, stream);
    expect(columns.eventId(odd)).toBe('01arz3ndektsv4rrffq69g5fav');
    expect(columns.eventId(plain)).toBe(event.eventId);
    expect(columns.hasId(odd, '01arz3ndektsv4rrffq69g5fav')).toBe(true);
    expect(columns.hasId(plain, event.eventId)).toBe(true);
    expect(columns.hasId(plain, '01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe(false);
    expect(columns.hasId(plain, event.eventId.toLowerCase())).toBe(false);
  });
});
