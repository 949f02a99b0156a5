import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriterUnavailableError } from '../../src/errors.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { SqliteWriteThread } from '../../src/store/sqlite-write-thread.js';
import { newEvents, tempDir, uniqueStreamId } from './factories.js';

/** Settles every promise; the outcomes in order. */
const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe('the SQLite write thread, when it stops unexpectedly', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-write-restart-');
    path = join(dir.dir, 'ledger.sqlite');
    store = openSqliteStore({ path, commitThread: true });
    await store.writerSettings();
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    await dir.remove();
  });

  it('given appends in flight, when the thread is ended, then none is answered as written unless it is in the file, the rest fail as unconfirmed, and later appends are recorded by a new thread', async () => {
    const thread = store.writeThread;
    if (!thread) throw new Error('expected a write thread');
    // Given a stream of appends, some committed, some with the thread
    const streams = Array.from({ length: 40 }, () => uniqueStreamId('crash'));
    const inFlight = streams.map((s) => store.append(s, newEvents(2), { expectedRevision: 'no_stream' }));
    // When the thread is ended while they are with it
    await new Promise((resolve) => setImmediate(resolve));
    await thread.terminate();
    const outcomes = await settle(inFlight);
    // (the thread is ended within microseconds of receiving them, long before their fsync)
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(0);
    // Then every failure says its outcome is unknown, never a plain error
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(WriterUnavailableError);
        expect((outcome.reason as WriterUnavailableError).unconfirmed).toBe(true);
        expect((outcome.reason as WriterUnavailableError).status).toBe(503);
      }
    }
    // And every append answered as written is in the file
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'fulfilled') expect(await store.streamRevision(streams[i] ?? '')).toBe(1);
    }
    // And the writer was replaced: a later append is recorded and durable
    expect(store.writerHealth()).toMatchObject({ writing: true, restarts: 1 });
    expect(store.writerHealth().lastRestartAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const after = uniqueStreamId('after');
    await store.append(after, newEvents(3), { expectedRevision: 'no_stream' });
    await store.close();
    const reopened = openSqliteStore({ path });
    try {
      expect((await reopened.readStream(after)).map((e) => e.revision)).toEqual([0, 1, 2]);
      // And the log holds no half-written append: every stream has its two events or none
      for (const s of streams) expect([0, 2]).toContain((await reopened.readStream(s)).length);
    } finally {
      await reopened.close();
    }
  });

  it('given a thread that keeps stopping, when the restart limit is reached, then every later append fails at once saying the writer has stopped, and health says it is not writing', async () => {
    const thread = new SqliteWriteThread({ path }, { times: 1, withinMs: 60_000 });
    await thread.ready;
    await thread.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(thread.health).toMatchObject({ writing: true, restarts: 1 });
    await thread.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(thread.health.writing).toBe(false);
    const refused = await thread
      .submit({
        streamId: uniqueStreamId('late'),
        prepared: [],
        expected: 'any',
        now: new Date().toISOString(),
      })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(WriterUnavailableError);
    expect((refused as WriterUnavailableError).unconfirmed).toBe(false);
    expect((refused as WriterUnavailableError).message).toMatch(/Restart the server/);
    await thread.close();
  });
});
