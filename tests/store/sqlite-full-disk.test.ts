import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { StorageFullError } from '../../src/errors.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, steppingClock, tempDir, uniqueStreamId } from './factories.js';

describe.each([false, true])('a full disk (SQLite page limit), commit thread %s', (commitThread) => {
  let dir: { dir: string; remove(): Promise<void> };
  let store: SqliteEventStore;
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('when the file is full, the append fails whole with a clear error; once space returns the same append succeeds', async () => {
    dir = await tempDir('plan-ledger-full-');
    const path = join(dir.dir, 'ledger.sqlite');
    store = openSqliteStore({ path, clock: steppingClock(), commitThread });
    const stream = uniqueStreamId('item');
    await store.append(stream, newEvents(3), { expectedRevision: 'no_stream' });
    const raw = new Database(path, { readonly: true });
    const pages = Number(raw.pragma('page_count', { simple: true }));
    raw.close();
    // Given a "disk" with room for a few more pages
    store.setMaxPageCount(pages + 2);
    const big = () => newEvents(5, { data: { note: 'x'.repeat(3000) } });
    let failure: unknown = null;
    let revision = 2;
    for (let i = 0; i < 50 && failure === null; i++) {
      const batch = big();
      try {
        const result = await store.append(stream, batch, { expectedRevision: revision });
        revision = result.nextRevision;
      } catch (error) {
        failure = { error, batch };
      }
    }
    // Then a clear error naming what to do, and nothing of that append is kept
    expect(failure).not.toBeNull();
    const { error, batch } = failure as { error: unknown; batch: ReturnType<typeof big> };
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).status).toBe(507);
    expect((error as Error).message).toMatch(
      /storage is full \(ledger\.sqlite\); nothing of this request was written\. Free disk space/,
    );
    const head = await store.headPosition();
    const stored = await store.readAll();
    expect(stored.some((e) => batch.some((b) => b.eventId === e.eventId))).toBe(false);
    expect(await store.streamRevision(stream)).toBe(revision);
    expect((await verifyLedger(store)).ok).toBe(true);
    // When space returns, the same append succeeds and the ledger still verifies
    store.setMaxPageCount(1_000_000);
    const retried = await store.append(stream, batch, { expectedRevision: revision });
    expect(retried.events.map((e) => e.position)).toEqual([head + 1, head + 2, head + 3, head + 4, head + 5]);
    expect((await verifyLedger(store)).ok).toBe(true);
  });
});
