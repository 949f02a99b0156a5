import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../../projections/as-of-index.js';
import { boardSummary } from '../../../projections/board-summary.js';
import { internedValues } from '../../../projections/columns-page.js';
import { itemHistory } from '../../../projections/item-history.js';
import { LiveBoardCounts } from '../../../projections/live-board-counts.js';
import { type ReplayOptions, replayLog } from '../../../projections/runtime/replay-log.js';
import { KINDS } from '../../../projections/runtime/replay-page.js';
import type { NewEvent } from '../../../src/domain/envelope.js';
import type { LedgerEvent } from '../../../src/domain/ledger-event.js';
import { KEYS_STREAM } from '../../../src/domain/system-streams.js';
import { CorruptEventError } from '../../../src/errors.js';
import { openSqliteStore, type SqliteEventStore } from '../../../src/store/sqlite-store.js';
import { seed002 } from '../seed-002.js';

const dirs: string[] = [];
const stores: SqliteEventStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/**
 * Given: seed 002's log (with a correction) in a SQLite file, a key event of the ledger's own
 * streams after every 50th event, and an event of a stream no read model reads.
 */
async function givenLedger() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-replay-thread-'));
  dirs.push(dir);
  const path = join(dir, 'ledger.sqlite');
  let now = new Date('2011-01-01T00:00:00.000Z');
  const store = openSqliteStore({ path, clock: () => now });
  stores.push(store);
  const { log, ragEvents } = seed002();
  const red = ragEvents.get('AFI.25 (HR)');
  if (red)
    log.correct(
      red,
      { fields: { to: 'AMBER' } },
      { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
    );
  const newEvent = (e: LedgerEvent): NewEvent => ({
    eventId: e.eventId,
    effectiveOn: e.effectiveOn,
    actor: e.actor,
    correlationId: null,
    causationId: null,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
  });
  const events = log.events;
  for (const [i, e] of events.entries()) {
    now = new Date(e.recordedAt);
    await store.append(e.streamId, [newEvent(e)], { expectedRevision: 'any' });
    if (i % 50 === 49) {
      const key = { ...newEvent(e), eventId: `01JKEY${String(i).padStart(20, '0')}` };
      await store.append(KEYS_STREAM, [key], { expectedRevision: 'any' });
    }
  }
  const first = events[0] as LedgerEvent;
  await store.append('notes-of-someone', [{ ...newEvent(first), eventId: '01JN7E0000000000000000000Z' }], {
    expectedRevision: 'any',
  });
  return { path, store, events };
}

/** Everything a reader can see, as one comparable value. */
function dump(index: AsOfIndex) {
  const points = [
    { asOf: '2011-04-27', knownAt: '2011-04-27T23:59:59.999Z' },
    { asOf: '2011-05-09', knownAt: '2030-01-01T00:00:00.000Z' },
    { asOf: '2030-01-01', knownAt: '2030-01-01T00:00:00.000Z' },
  ];
  const ids = [...index.items.keys()].sort();
  return {
    position: index.position,
    eventCount: index.eventCount,
    lastRecordedAt: index.lastRecordedAt,
    items: points.map((at) => ids.map((id) => index.itemAt(id, at))),
    plans: points.map((at) => [...index.plans.keys()].map((id) => index.planAt(id, at))),
    summaries: points.map((at) => boardSummary(index, at)),
    histories: ids.map((id) => itemHistory(index, id, '2030-01-01T00:00:00.000Z')),
    planItems: [...index.planItems].map(([plan, items]) => [plan, [...items]]),
    counts: LiveBoardCounts.of(index),
    // The update texts' codes, token table and pages: what a snapshot saves of them.
    texts: KINDS.map((kind) => index.columns[kind].bodies.textsImage()),
    // Types, actors and streams numbered in log order, whichever thread read a value first.
    numbers: KINDS.map((kind) => {
      const columns = index.columns[kind];
      const rows = columns.length;
      return {
        tables: internedValues(columns),
        type: [...columns.type.subarray(0, rows)],
        actor: [...columns.actor.subarray(0, rows)],
        stream: [...columns.stream.subarray(0, rows)],
      };
    }),
  };
}

const onThread = (handOver: number, threads = 1): ReplayOptions => ({
  threadFrom: 0,
  handOver,
  pageSize: 7,
  threads,
});

describe('replayLog on a replay thread', () => {
  it.each([
    ['reads every page', 0, 1],
    ['takes over after three pages replayed here', 3, 1],
    ['reads every page, two threads in turns', 0, 2],
    ['takes over after three pages replayed here, two threads in turns', 3, 2],
    ['reads every page, three threads in turns', 0, 3],
  ])(
    'given a ledger file, when the thread %s, then the index equals one replayed here',
    async (_, handOver, threads) => {
      const { store, events } = await givenLedger();
      const pages: number[] = [];
      const threaded = await replayLog(store, {
        ...onThread(handOver, threads),
        onProgress: (p) => pages.push(p.applied),
      });
      const here = await replayLog(store, { threadFrom: Number.POSITIVE_INFINITY, pageSize: 7 });
      // (A replay here is held to the index fed event by event in runner.test.ts.)
      expect(threaded.index.eventCount).toBe(events.length + 1);
      expect(dump(threaded.index)).toEqual(dump(here.index));
      expect([threaded.firstPosition, threaded.lastPosition]).toEqual([
        here.firstPosition,
        here.lastPosition,
      ]);
      // Progress per page, to the whole log (the key events included).
      expect(pages.at(-1)).toBe(here.index.position + 1);
      expect(pages.length).toBeGreaterThan(handOver);
    },
  );

  it("given gaps in positions (the key event and the unread stream's deleted), when two threads read pages of one position in turns, then empty pages are passed and the index equals one replayed here", async () => {
    const { path, store } = await givenLedger();
    const raw = new Database(path);
    const gone = raw
      .prepare('DELETE FROM events WHERE stream_id IN (?, ?)')
      .run(KEYS_STREAM, 'notes-of-someone').changes;
    raw.close();
    expect(gone).toBeGreaterThanOrEqual(2);
    const threaded = await replayLog(store, { threadFrom: 0, handOver: 0, pageSize: 1, threads: 2 });
    const here = await replayLog(store, { threadFrom: Number.POSITIVE_INFINITY, pageSize: 7 });
    expect(threaded.onThread).toBe(here.index.eventCount);
    expect(dump(threaded.index)).toEqual(dump(here.index));
  });

  it('given events appended after the threads were started, when the threads end at the head they were given, then this thread reads the rest and the index equals one replayed here', async () => {
    const { store } = await givenLedger();
    const head = await store.headPosition();
    let asked = 0;
    // The second question is the one asked when the threads start: 20 events short of the head.
    const behind = Object.assign(Object.create(store) as SqliteEventStore, {
      headPosition: async () => (++asked === 2 ? head - 20 : head),
    });
    const threaded = await replayLog(behind, onThread(0, 2));
    const here = await replayLog(store, { threadFrom: Number.POSITIVE_INFINITY, pageSize: 7 });
    expect(asked).toBe(2);
    expect(threaded.onThread).toBe(head + 1 - 20);
    // The rows read here after the threads number their actors as the pages did: one number
    // per actor value (the decoder's shared objects), so the whole dump is equal, tables too.
    expect(dump(threaded.index)).toEqual(dump(here.index));
    const { numbers, ...seen } = dump(threaded.index);
    const { numbers: hereNumbers, ...hereSeen } = dump(here.index);
    expect(seen).toEqual(hereSeen);
    expect(numbers.map((kind) => [kind.tables.types, kind.tables.streams, kind.type, kind.stream])).toEqual(
      hereNumbers.map((kind) => [kind.tables.types, kind.tables.streams, kind.type, kind.stream]),
    );
    const actorsOf = (kind: (typeof numbers)[number]) => kind.actor.map((n) => kind.tables.actors[n]);
    expect(numbers.map(actorsOf)).toEqual(hereNumbers.map(actorsOf));
  });

  it('given a hand-over when the thread is ready, when this thread replays pages smaller than the thread would while it boots, then every event is replayed once and the index equals one replayed here', async () => {
    const { store, events } = await givenLedger();
    const pages: number[] = [];
    const threaded = await replayLog(store, {
      threadFrom: 0,
      pageSize: 7,
      herePageSize: 3,
      onProgress: (p) => pages.push(p.applied),
    });
    const here = await replayLog(store, { threadFrom: Number.POSITIVE_INFINITY, pageSize: 7 });
    expect(threaded.index.eventCount).toBe(events.length + 1);
    expect(dump(threaded.index)).toEqual(dump(here.index));
    expect(pages.at(-1)).toBe(here.index.position + 1);
    // Pages of 3 here until the thread takes over (then 7), the last one whatever is left.
    const sizes = pages.map((applied, i) => applied - (pages[i - 1] ?? 0));
    const hereSizes = sizes.slice(0, sizes.length - Math.ceil(threaded.onThread / 7) - 1);
    expect(hereSizes.length).toBeGreaterThan(0);
    expect(hereSizes.every((size) => size === 3)).toBe(true);
  });

  it.each([
    ['data that is not JSON', `data = '{"broken": '`],
    ['a RAG the schema does not know', `data = json_set(data, '$.to', 'PURPLE')`],
    ['a malformed recordedAt', `recorded_at = 'yesterday'`],
  ])(
    'given a row with %s, then the thread refuses it with the same CorruptEventError as a replay here',
    async (_, set) => {
      const { path, store, events } = await givenLedger();
      const rag = events.findIndex((e) => e.type === 'RagChanged' && e.position > 40);
      const raw = new Database(path);
      raw.prepare(`UPDATE events SET ${set} WHERE event_id = ?`).run((events[rag] as LedgerEvent).eventId);
      raw.close();
      const here = await replayLog(store, { threadFrom: Number.POSITIVE_INFINITY }).catch((e: unknown) => e);
      expect(here).toBeInstanceOf(CorruptEventError);
      for (const [handOver, threads] of [
        [0, 1],
        [2, 1],
        [0, 2],
        [2, 2],
      ] as const) {
        const threaded = await replayLog(store, onThread(handOver, threads)).catch((e: unknown) => e);
        expect(threaded).toBeInstanceOf(CorruptEventError);
        expect(threaded).toEqual(here);
        expect(String(threaded)).toBe(String(here));
      }
    },
  );

  it('given a thread that cannot open the file, then the replay fails saying so instead of waiting', async () => {
    const { store } = await givenLedger();
    const missing = Object.assign(Object.create(store) as SqliteEventStore, {
      replayFile: () => join(tmpdir(), 'no-such-dir-for-a-replay', 'ledger.sqlite'),
    });
    const failure = await replayLog(missing, onThread(0)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/the replay thread failed: .*(unable to open|does not exist)/i);
  });
});
