import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../../projections/as-of-index.js';
import { boardSummary } from '../../../projections/board-summary.js';
import { itemHistory } from '../../../projections/item-history.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import type { NewEvent } from '../../../src/domain/envelope.js';
import type { LedgerEvent } from '../../../src/domain/ledger-event.js';
import { NotFoundError } from '../../../src/errors.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { seed002 } from '../seed-002.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A SQLite store whose clock replays the builder's recordedAt for each append. */
async function givenStore() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-runner-'));
  dirs.push(dir);
  let now = new Date('2011-01-01T00:00:00.000Z');
  const store = openSqliteStore({ path: join(dir, 'ledger.sqlite'), clock: () => now, pollIntervalMs: 5 });
  const { log, ragEvents } = seed002();
  const red = ragEvents.get('AFI.25 (HR)');
  if (red)
    log.correct(
      red,
      { fields: { to: 'AMBER' } },
      { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
    );
  const append = async (events: readonly LedgerEvent[]) => {
    for (const e of events) {
      now = new Date(e.recordedAt);
      const event: NewEvent = {
        eventId: e.eventId,
        effectiveOn: e.effectiveOn,
        actor: e.actor,
        correlationId: null,
        causationId: null,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
      };
      await store.append(e.streamId, [event], { expectedRevision: 'any' });
    }
  };
  return { dir, store, events: log.events, append };
}

/** Everything a reader can see, as one comparable value. */
function dump(index: AsOfIndex) {
  const points = [
    { asOf: '2011-04-27', knownAt: '2011-04-27T23:59:59.999Z' },
    { asOf: '2011-04-27', knownAt: '2030-01-01T00:00:00.000Z' },
    { asOf: '2030-01-01', knownAt: '2030-01-01T00:00:00.000Z' },
  ];
  const ids = [...index.items.keys()].sort();
  return {
    position: index.position,
    items: points.map((at) => ids.map((id) => index.itemAt(id, at))),
    summaries: points.map((at) => boardSummary(index, at)),
    histories: ids.map((id) => itemHistory(index, id, '2030-01-01T00:00:00.000Z')),
  };
}

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('projection runner', () => {
  it('survives an interrupted run: restarts from its saved state and equals a rebuild from 0', async () => {
    // Given: a third of the log, a runner that saves once caught up and every 5 live events,
    // more events live, and then the runner abandoned (no final save: a crash).
    const { dir, store, events, append } = await givenStore();
    const third = Math.floor(events.length / 3);
    const half = Math.floor(events.length / 2);
    await append(events.slice(0, third));
    const first = new ProjectionRunner({ store, dataDir: join(dir, 'read-model-checkpoint'), saveEvery: 5 });
    await first.start();
    await append(events.slice(third, half));
    await waitFor(async () => (await first.lag()).behind === 0);
    await first.stop({ save: false });
    await append(events.slice(half));

    // When: a new runner starts on the same data directory.
    const second = new ProjectionRunner({ store, dataDir: join(dir, 'read-model-checkpoint'), saveEvery: 5 });
    await second.start();

    // Then: it restored at least the first third from its snapshot, read only the rest from
    // the store…
    expect(second.stats.fromSnapshot).toBeGreaterThanOrEqual(third);
    expect(second.stats.fromSnapshot).toBeLessThan(events.length);
    expect(second.stats.fromSnapshot + second.stats.fromStore).toBe(events.length);
    // …and its state equals a rebuild from position 0 and a direct fold of the log.
    const rebuilt = new ProjectionRunner({ store, dataDir: null });
    await rebuilt.rebuild();
    const direct = new AsOfIndex();
    for (const e of events) direct.apply(e);
    expect(dump(second.index)).toEqual(dump(rebuilt.index));
    expect(dump(second.index)).toEqual(dump(direct));
    await second.stop();
    await store.close();
  });

  it('ignores a snapshot a crashed writer left half-written under its temporary name', async () => {
    // Given: a clean save, then a torn temporary file beside it (a writer killed mid-way).
    const { dir, store, events, append } = await givenStore();
    await append(events);
    const first = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await first.start();
    await first.stop();
    await appendFile(join(dir, 'p', 'as-of-index.snapshot.4242.tmp'), 'half a snapshot');
    // When
    const second = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await second.start();
    // Then: everything came from the snapshot, and the state is whole.
    expect([second.stats.fromSnapshot, second.stats.fromStore]).toEqual([events.length, 0]);
    expect(dump(second.index)).toEqual(dump(first.index));
    await second.stop();
    await store.close();
  });

  it('follows live appends and reports its lag against the head', async () => {
    const { store, events, append } = await givenStore();
    await append(events.slice(0, 10));
    const runner = new ProjectionRunner({ store });
    expect(await runner.lag()).toEqual({ lastApplied: -1, head: 9, behind: 10, error: null });
    await runner.start();
    expect((await runner.lag()).behind).toBe(0);
    await append(events.slice(10, 12));
    await waitFor(async () => (await runner.lag()).behind === 0);
    expect(await runner.lag()).toEqual({ lastApplied: 11, head: 11, behind: 0, error: null });
    await runner.stop();
    await store.close();
  });

  it('rebuilds from position 0 on demand with progress, then resumes the live feed', async () => {
    const { dir, store, events, append } = await givenStore();
    await append(events);
    const runner = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await runner.start();
    const before = dump(runner.index);
    const progress: number[] = [];
    await runner.rebuild('as-of-index', (p) => progress.push(p.position));
    expect(progress.at(-1)).toBe(events.length - 1);
    // Ready (streams caught up by the reads themselves), then settled: the snapshot is saved.
    expect(dump(runner.index)).toEqual(before);
    await runner.settled();
    expect(dump(runner.index)).toEqual(before);
    expect(await readdir(join(dir, 'p'))).toEqual(['as-of-index.snapshot']);
    await expect(runner.rebuild('no-such-projection')).rejects.toBeInstanceOf(NotFoundError);
    await runner.stop();
    await store.close();
  });
});
