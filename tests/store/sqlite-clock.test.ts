import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, tempDir, uniqueStreamId } from './factories.js';

describe('the SQLite store’s clock never runs backwards', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let store: SqliteEventStore;
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('when the system clock steps back, recordedAt stays at the log’s latest, and verify still passes', async () => {
    dir = await tempDir('plan-ledger-clock-');
    const times = ['2011-04-27T10:00:00.000Z', '2011-04-27T09:00:00.000Z', '2011-04-27T10:00:05.000Z'];
    let i = 0;
    store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite'), clock: () => new Date(times[i++] ?? 0) });
    for (let n = 0; n < 3; n++)
      await store.append(uniqueStreamId('item'), newEvents(1), { expectedRevision: 'no_stream' });
    expect((await store.readAll()).map((e) => e.recordedAt)).toEqual([
      '2011-04-27T10:00:00.000Z',
      '2011-04-27T10:00:00.000Z',
      '2011-04-27T10:00:05.000Z',
    ]);
    expect((await verifyLedger(store)).ok).toBe(true);
  });
});
