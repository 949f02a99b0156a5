import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvents, tempDir, uniqueStreamId } from './factories.js';

describe('SqliteEventStore specifics', () => {
  it('appends and reads back a stream', async () => {
    // given a fresh store file
    const temp = await tempDir();
    const store = openSqliteStore({ path: join(temp.dir, 'ledger.db') });
    const streamId = uniqueStreamId();
    // when three events are appended to a new stream
    const result = await store.append(streamId, newEvents(3), { expectedRevision: 'no_stream' });
    // then they read back at revisions 0..2 and positions 0..2
    const read = await store.readStream(streamId);
    expect(read.map((e) => [e.revision, e.position])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(read).toEqual(result.events);
    await store.close();
    await temp.remove();
  });
});
