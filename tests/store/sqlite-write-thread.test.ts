import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError } from '../../src/errors.js';
import { appendStreams } from '../../src/store/append-streams.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, steppingClock, tempDir, uniqueStreamId } from './factories.js';

const CLOSER = fileURLToPath(new URL('./fixtures/write-thread-close.ts', import.meta.url));

describe('a SQLite store committing on its write thread', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-write-thread-');
    path = join(dir.dir, 'ledger.sqlite');
    store = openSqliteStore({ path, clock: steppingClock(), commitThread: true });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  it('given the thread, then its own connection is the durable one (WAL, synchronous=FULL)', async () => {
    expect(store.commitsOn).toBe('write thread');
    const settings = await store.writerSettings();
    expect(settings).toMatchObject({ journalMode: 'wal', synchronous: 2 });
    expect(settings.busyTimeoutMs).toBeGreaterThanOrEqual(1000);
  });

  it('given concurrent appends with conflicts, then each conflict fails alone, with its class, and the rest is readable at once', async () => {
    const streams = Array.from({ length: 8 }, () => uniqueStreamId('thread'));
    // Two appends per stream, both expecting no stream: exactly one of each pair wins.
    const settled = await Promise.allSettled(
      [...streams, ...streams].map((s) => store.append(s, newEvents(2), { expectedRevision: 'no_stream' })),
    );
    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(won).toHaveLength(8);
    expect(lost).toHaveLength(8);
    for (const error of lost) {
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect((error as ConcurrencyError).status).toBe(409);
      expect((error as ConcurrencyError).actual).toBe(1);
    }
    // Read-your-writes: the store's own connection sees every acknowledged commit.
    for (const s of streams) expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1]);
    expect(store.commitStats.appends).toBe(16);
    expect(store.commitStats.commits).toBeLessThanOrEqual(16);
  });

  it('given an id stored in another stream, then a DuplicateEventError; given a retry, then a no-op with the stored events', async () => {
    const events = newEvents(2);
    const a = uniqueStreamId('a');
    const first = await store.append(a, events, { expectedRevision: 'no_stream' });
    const retry = await store.append(a, events, { expectedRevision: 'no_stream' });
    expect(retry.noop).toBe(true);
    expect(retry.events).toEqual(first.events);
    const elsewhere = await store
      .append(uniqueStreamId('b'), events, { expectedRevision: 'any' })
      .catch((e) => e);
    expect(elsewhere).toBeInstanceOf(DuplicateEventError);
    expect((elsewhere as DuplicateEventError).eventId).toBe(events[0]?.eventId);
  });

  it('given many streams appended in one turn (the importer), then they share one commit and a conflict fails alone', async () => {
    await store.writerSettings();
    const streams = Array.from({ length: 40 }, () => uniqueStreamId('import'));
    const before = store.commitStats;
    const outcomes = await appendStreams(
      store,
      streams.map((streamId, i) => ({
        streamId,
        events: newEvents(3),
        expectedRevision: i === 7 ? 5 : ('no_stream' as const),
      })),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(39);
    expect(outcomes[7]?.ok === false && outcomes[7].error).toBeInstanceOf(ConcurrencyError);
    expect(store.commitStats.commits - before.commits).toBe(1);
    expect(await store.streamRevision(streams[8] ?? '')).toBe(2);
  });

  it('when closed with appends in flight, then every one is answered first and all are in the file', async () => {
    const streams = Array.from({ length: 16 }, () => uniqueStreamId('closing'));
    const appends = streams.map((s) => store.append(s, newEvents(1), { expectedRevision: 'no_stream' }));
    await store.close();
    const results = await Promise.all(appends);
    expect(results.map((r) => r.nextRevision)).toEqual(streams.map(() => 0));
    await expect(
      store.append(uniqueStreamId('late'), newEvents(1), { expectedRevision: 'any' }),
    ).rejects.toThrow(/closed/);
    store = openSqliteStore({ path });
    for (const s of streams) expect(await store.streamRevision(s)).toBe(0);
  });

  it('given a process that closes its store and has nothing else to do, then close() still returns', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLOSER, path]);
    expect(stdout.trim()).toBe('closed');
    expect(await store.streamRevision('close-check')).toBe(1);
  });
});
