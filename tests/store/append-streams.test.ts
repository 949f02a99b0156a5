import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError } from '../../src/errors.js';
import { appendStreams } from '../../src/store/append-streams.js';
import { eventHash } from '../../src/store/hash-chain.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, steppingClock, tempDir, uniqueStreamId } from './factories.js';

describe('appendStreams on SQLite: many streams, one commit', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let store: SqliteEventStore;
  beforeEach(async () => {
    temp = await tempDir();
    store = openSqliteStore({ path: join(temp.dir, 'ledger.db'), clock: steppingClock() });
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('given 50 streams appended together, then they share ONE transaction (one fsync) and sit in the log in the order given', async () => {
    const before = store.commitStats;
    const appends = Array.from({ length: 50 }, () => ({
      streamId: uniqueStreamId(),
      events: newEvents(3),
      expectedRevision: 'no_stream' as const,
    }));
    const outcomes = await appendStreams(store, appends);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const after = store.commitStats;
    expect(after.commits - before.commits).toBe(1);
    expect(after.appends - before.appends).toBe(50);
    const log = await store.readAll();
    expect(log.map((e) => e.eventId)).toEqual(appends.flatMap((a) => a.events.map((e) => e.eventId)));
  });

  it('given the same streams appended one at a time, awaiting each, then each is a commit of its own (the cost shared commits save)', async () => {
    const before = store.commitStats.commits;
    for (let i = 0; i < 5; i++)
      await store.append(uniqueStreamId(), newEvents(3), { expectedRevision: 'no_stream' });
    expect(store.commitStats.commits - before).toBe(5);
  });

  it('given one commit where an id repeats in a later stream and a stream conflicts, then only those two fail, and the rest sit gapless in order with the chain intact', async () => {
    const held = uniqueStreamId();
    await store.append(held, newEvents(1), { expectedRevision: 'no_stream' });
    const first = {
      streamId: uniqueStreamId(),
      events: newEvents(2),
      expectedRevision: 'no_stream' as const,
    };
    const repeated = first.events[1] ?? expect.unreachable();
    const appends = [
      first,
      { streamId: held, events: newEvents(1), expectedRevision: 'no_stream' as const },
      {
        streamId: uniqueStreamId(),
        events: [newEvents(1)[0] ?? expect.unreachable(), repeated],
        expectedRevision: 'no_stream' as const,
      },
      { streamId: uniqueStreamId(), events: newEvents(3), expectedRevision: 'no_stream' as const },
    ];
    const before = store.commitStats.commits;
    const outcomes = await appendStreams(store, appends);
    expect(store.commitStats.commits - before).toBe(1);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(outcomes[1]?.ok === false && outcomes[1].error).toBeInstanceOf(ConcurrencyError);
    expect(outcomes[2]?.ok === false && outcomes[2].error).toBeInstanceOf(DuplicateEventError);
    const log = await store.readAll();
    expect(log.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.slice(1).map((e) => e.eventId)).toEqual([
      ...first.events.map((e) => e.eventId),
      ...(appends[3]?.events ?? []).map((e) => e.eventId),
    ]);
    for (const e of log) expect(eventHash(e)).toBe(e.hash);
    const times = log.map((e) => e.recordedAt);
    expect(times).toEqual([...times].sort());
  });

  it('given an insert the checks cannot foresee failing after another insert of its append, then that append alone fails, none of its rows is kept, and its group-mates are written', async () => {
    const appends = Array.from({ length: 3 }, () => ({
      streamId: uniqueStreamId(),
      events: newEvents(3),
      expectedRevision: 'no_stream' as const,
    }));
    const refused = appends[1]?.events[1]?.eventId ?? expect.unreachable();
    // Another connection adds a rule the writer knows nothing of: the second row of the middle append is refused.
    const other = new Database(join(temp.dir, 'ledger.db'));
    other.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.event_id = '${refused}' BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END`,
    );
    other.close();
    const before = store.commitStats.commits;
    const outcomes = await appendStreams(store, appends);
    expect(store.commitStats.commits - before).toBe(1);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]?.ok === false && String(outcomes[1].error)).toMatch(/refused by trigger/);
    const log = await store.readAll();
    expect(log.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.map((e) => e.streamId)).toEqual([
      ...Array(3).fill(appends[0]?.streamId),
      ...Array(3).fill(appends[2]?.streamId),
    ]);
    for (const e of log) expect(eventHash(e)).toBe(e.hash);
  });
});
