import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCsv } from '../../bench/generator-csv.js';
import type { NewEvent } from '../../src/domain/envelope.js';
import type { StreamKind } from '../../src/domain/streams.js';
import { ConcurrencyError } from '../../src/errors.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { commitGroups } from '../../src/import/record/append-decided.js';
import type { DecidedStream } from '../../src/import/record/decide-plan.js';
import { runImport } from '../../src/import/record/run-import.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, tempDir } from '../store/factories.js';

const ACTOR = { id: 'cli:test', method: 'import' as const, requestId: null, claimedName: null };
const isReport = (e: NewEvent) => e.type === 'BoardReportPresented';

/** A decided stream of `n` events of one kind (its kind is read off its id, as `kind-…`). */
function stream(kind: StreamKind, n: number, i: number, type = 'TestEventHappened'): DecidedStream {
  return {
    streamId: `${kind}-${i}`,
    label: `${kind} ${i}`,
    expectedRevision: 'no_stream',
    events: newEvents(n, { type }),
  };
}
const KINDS: readonly StreamKind[] = ['inspection', 'plan', 'item', 'board'];
const kindOf = (streamId: string) => KINDS.find((k) => streamId.startsWith(`${k}-`));

describe('commitGroups: which decided streams share a commit', () => {
  it('given inspections, plans, items and a board, then groups keep the order, never span two kinds, hold at most the bound (a bigger stream alone), and the board report is alone', () => {
    const streams = [
      stream('inspection', 1, 0),
      stream('plan', 2, 1),
      stream('plan', 2, 2),
      ...Array.from({ length: 10 }, (_, i) => stream('item', 3, 10 + i)),
      stream('item', 12, 30),
      stream('item', 3, 31),
      stream('board', 1, 40, 'BoardReportPresented'),
    ];
    const groups = commitGroups(streams, kindOf, isReport, 10);
    expect(groups.flat()).toEqual(streams);
    for (const group of groups) {
      expect(new Set(group.map((s) => kindOf(s.streamId))).size).toBe(1);
      const events = group.reduce((n, s) => n + s.events.length, 0);
      if (group.length > 1) expect(events).toBeLessThanOrEqual(10);
    }
    expect(groups.map((g) => g.map((s) => s.streamId))).toEqual([
      ['inspection-0'],
      ['plan-1', 'plan-2'],
      ['item-10', 'item-11', 'item-12'],
      ['item-13', 'item-14', 'item-15'],
      ['item-16', 'item-17', 'item-18'],
      ['item-19'],
      ['item-30'],
      ['item-31'],
      ['board-40'],
    ]);
  });
});

describe('runImport appends many item streams per commit', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const open = (name: string) => openSqliteStore({ path: join(temp.dir, `${name}.sqlite`) });
  const stores: SqliteEventStore[] = [];
  beforeEach(async () => {
    temp = await tempDir('plan-ledger-append-decided-');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await temp.remove();
  });
  const csv = generateCsv(300, 'groups');
  const document = async () =>
    (await readDocumentBytesTraced(new TextEncoder().encode(csv), 'groups.csv')).document;
  const ids = async (s: EventStore) =>
    (await s.readAll()).map((r) => `${r.streamId}/${r.revision}/${r.eventId}`);

  it('given a 300-row CSV, when imported, then far fewer commits than streams, and the log is exactly what one append per stream gives', async () => {
    const store = open('grouped');
    stores.push(store);
    const { report } = await runImport(store, await document(), { actor: ACTOR, today: '2026-01-01' });
    expect(report.status).toBe('imported');
    const { commits, appends } = store.commitStats;
    expect(appends).toBe(report.streams.appended);
    expect(report.streams.appended).toBeGreaterThan(300);
    // ~2,000 events of item streams in commits of at most 1,024 events, plus inspections, plans, board.
    expect(commits).toBeLessThan(report.streams.appended / 10);
    console.info(`300 rows: ${report.events.appended} events, ${appends} streams in ${commits} commits`);

    // One stream per commit, as before (each append awaited alone), gives the same log.
    const single = open('single');
    stores.push(single);
    const oneByOne: EventStore = {
      ...single,
      append: (id, events, options) => single.append(id, events, options),
      readStream: (id, o) => single.readStream(id, o),
      readAll: (o) => single.readAll(o),
      readAt: (p) => single.readAt(p),
      readTail: (n) => single.readTail(n),
      headPosition: () => single.headPosition(),
      streamRevision: (id) => single.streamRevision(id),
      subscribe: (o, h) => single.subscribe(o, h),
      close: () => single.close(),
    };
    let queue = Promise.resolve();
    oneByOne.append = (id, events, options) => {
      const next = queue.then(() => single.append(id, events, options));
      queue = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    };
    await runImport(oneByOne, await document(), { actor: ACTOR, today: '2026-01-01' });
    expect(single.commitStats.commits).toBe(single.commitStats.appends);
    expect(await ids(store)).toEqual(await ids(single));
  });

  it('given one item stream that fails inside a shared commit (another writer got there first), then its group-mates are written, nothing after the group, status interrupted naming it; the re-run completes it exactly', async () => {
    const store = open('interrupted');
    stores.push(store);
    const doc = await document();
    const clean = open('clean');
    stores.push(clean);
    await runImport(clean, doc, { actor: ACTOR, today: '2026-01-01' });
    const items = (await clean.readAll()).map((e) => e.streamId).filter((s) => s.startsWith('item-'));
    const victim = [...new Set(items)][40] ?? '';
    const failing: EventStore = {
      ...store,
      append: (id, events, options) =>
        id === victim
          ? Promise.reject(new ConcurrencyError(id, options.expectedRevision, 0))
          : store.append(id, events, options),
      readStream: (id, o) => store.readStream(id, o),
      readAll: (o) => store.readAll(o),
      readAt: (p) => store.readAt(p),
      readTail: (n) => store.readTail(n),
      headPosition: () => store.headPosition(),
      streamRevision: (id) => store.streamRevision(id),
      subscribe: (o, h) => store.subscribe(o, h),
      close: () => store.close(),
    };
    // Groups of 1,024 events, so the 300 rows (~2,100 item events) make several groups.
    const { report } = await runImport(failing, doc, {
      actor: ACTOR,
      today: '2026-01-01',
      eventsPerCommit: 1024,
    });
    expect(report.status).toBe('interrupted');
    expect(report.failures.map((f) => f.streamId)).toEqual([victim]);
    const written = new Set((await store.readAll()).map((e) => e.streamId));
    expect(written.has(victim)).toBe(false);
    // The victim's group-mates after it were written (items of ~7 events, 1,024 events a commit:
    // items 40 and 41 share one); no board report, no group after it.
    const order = [...new Set(items)];
    expect(written.has(order[41] ?? '')).toBe(true);
    expect([...written].some((s) => s.startsWith('board-'))).toBe(false);
    expect(written.has(order.at(-1) ?? '')).toBe(false);
    expect(report.streams.appended).toBe(written.size);

    const rerun = await runImport(store, doc, { actor: ACTOR, today: '2026-01-01' });
    expect(rerun.report.status).toBe('imported');
    expect((await ids(store)).sort()).toEqual((await ids(clean)).sort());
  });
});
