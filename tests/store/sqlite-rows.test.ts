import { describe, expect, it } from 'vitest';
import { CorruptEventError } from '../../src/errors.js';
import { decodeRow } from '../../src/store/sqlite-rows.js';

// decodeRow has a fast path that skips the zod row schema for rows that plainly satisfy it;
// anything it does not accept falls back to the schema. These pin that the two agree: every
// broken field still ends as a CorruptEventError, and a good row decodes the same either way.

const row = {
  position: 7,
  event_id: '01HZY7V9G0M4Q8T2K6W3X5B1CD',
  stream_id: 'item-01HZY7V9G0M4Q8T2K6W3X5B1CE',
  revision: 3,
  type: 'UpdatePosted',
  schema_version: 1,
  effective_on: '2012-02-29',
  recorded_at: '2012-03-01T09:30:00.123Z',
  actor: JSON.stringify({ id: 'key_1', method: 'api-key', requestId: 'r1', claimedName: null }),
  correlation_id: 'c1',
  causation_id: null,
  data: JSON.stringify({ itemId: '01HZY7V9G0M4Q8T2K6W3X5B1CE', text: 'Done.' }),
  prev_hash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('decodeRow', () => {
  it('decodes a well-formed row, filling a missing claimedName with null as the schema does', () => {
    const event = decodeRow(row);
    expect(event).toMatchObject({ position: 7, revision: 3, effectiveOn: '2012-02-29', causationId: null });
    expect(event.actor).toEqual({ id: 'key_1', method: 'api-key', requestId: 'r1', claimedName: null });
    const older = decodeRow({
      ...row,
      actor: JSON.stringify({ id: 'key_1', method: 'cli', requestId: null }),
    });
    expect(older.actor).toEqual({ id: 'key_1', method: 'cli', requestId: null, claimedName: null });
  });

  it.each([
    ['position', -1],
    ['position', 1.5],
    ['event_id', '01hzy7v9g0m4q8t2k6w3x5b1cd'],
    ['stream_id', ''],
    ['revision', '3'],
    ['type', ''],
    ['schema_version', 0],
    ['effective_on', '2011-02-29'],
    ['effective_on', '2011-2-28'],
    ['recorded_at', '2012-03-01T24:00:00.000Z'],
    ['recorded_at', '2012-03-01T09:30:00Z'],
    ['correlation_id', 5],
    ['prev_hash', 'A'.repeat(64)],
    ['hash', 'b'.repeat(63)],
    ['actor', JSON.stringify({ id: '', method: 'cli', requestId: null, claimedName: null })],
    ['actor', JSON.stringify({ id: 'k', method: 'root', requestId: null, claimedName: null })],
    ['actor', JSON.stringify({ id: 'k', method: 'cli', requestId: null, claimedName: null, extra: 1 })],
    ['actor', JSON.stringify({ id: 'k', method: 'cli', requestId: 'x'.repeat(201), claimedName: null })],
  ])('refuses a row whose %s is %j', (field, value) => {
    expect(() => decodeRow({ ...row, [field]: value })).toThrow(CorruptEventError);
  });
});
