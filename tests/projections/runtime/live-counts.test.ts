import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveBoardCounts } from '../../../projections/live-board-counts.js';
import { boardCounts } from '../../../projections/runtime/board-queries.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { storedSeed002Writer } from './stored-seed.js';

/** Checks that the counts a runner keeps equal the counts folded from its index. */
function countsComparer(runner: ProjectionRunner, inspectionId: string | undefined) {
  const clock = { now: () => new Date('2026-01-01T00:00:00.000Z') };
  const live = {
    ...clock,
    get index() {
      return runner.index;
    },
    get counts() {
      return runner.counts;
    },
  };
  const folded = {
    ...clock,
    get index() {
      return runner.index;
    },
  };
  return () => {
    // When the counts cover today, they are what the query serves; they must equal the fold.
    expect(runner.counts?.covers({ asOf: '2026-01-01', knownAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
    expect(boardCounts(live, {})).toEqual(boardCounts(folded, {}));
    expect(boardCounts(live, { by: 'portfolio' })).toEqual(boardCounts(folded, { by: 'portfolio' }));
    expect(boardCounts(live, { inspectionId })).toEqual(boardCounts(folded, { inspectionId }));
    // A past point is folded from the index either way (the inspection's items only).
    const past = { inspectionId, asOf: '2011-03-01', knownAt: '2011-03-01' };
    expect(boardCounts(live, past)).toEqual(boardCounts(folded, past));
    return JSON.stringify(boardCounts(live, {}));
  };
}

const firstInspectionId = (events: readonly { type: string; streamId: string }[]) =>
  events.find((e) => e.type === 'InspectionRegistered')?.streamId.slice('inspection-'.length);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the runner keeps the board counts on apply', () => {
  it('given half the seed 002 paper at start and the rest appended live, the counts read now equal the counts folded from the index, before and after a rebuild', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-live-counts-'));
    dirs.push(dir);
    const { store, log, append } = storedSeed002Writer(dir);
    const half = Math.floor(log.events.length / 2);
    await append(log.events.slice(0, half));
    const runner = new ProjectionRunner({ store, dataDir: null });
    await runner.start();
    const compare = countsComparer(runner, firstInspectionId(log.events));
    const before = compare();

    await append(log.events.slice(half));
    const head = await store.headPosition();
    for (let i = 0; i < 400 && runner.index.position < head; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runner.index.position).toBe(head);
    expect(compare()).not.toBe(before);

    const latest = compare();
    await runner.rebuild();
    // Ready before settled: no counts are kept on apply yet, so the count points answer, every
    // stream caught up by that first read; the same numbers as the counts kept once settled.
    expect(runner.counts).toBeNull();
    expect(runner.index.catchingUp).toBe(true);
    const atReady = JSON.stringify(
      boardCounts({ now: () => new Date('2026-01-01T00:00:00.000Z'), index: runner.index }, {}),
    );
    expect(runner.index.catchingUp).toBe(false);
    await runner.settled();
    expect(compare()).toBe(atReady);
    expect(atReady).toBe(latest);
    await runner.stop({ save: false });
    await store.close();
  });

  it('given counts saved in the snapshot, when a runner starts from it and the log moved on, then it restores them (no recount) and they equal the counts folded from the index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-live-counts-'));
    dirs.push(dir);
    const { store, log, append } = storedSeed002Writer(dir);
    const third = Math.floor(log.events.length / 3);
    await append(log.events.slice(0, third));
    const first = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await first.start();
    await first.stop();
    // Events the snapshot does not hold: the restored counts follow them during the catch-up.
    await append(log.events.slice(third, 2 * third));

    const recount = vi.spyOn(LiveBoardCounts, 'of');
    const runner = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await runner.start();
    expect(runner.stats.fromSnapshot).toBeGreaterThan(0);
    expect(runner.stats.fromStore).toBeGreaterThan(0);
    expect(recount).not.toHaveBeenCalled();
    recount.mockRestore();
    const compare = countsComparer(runner, firstInspectionId(log.events));
    const before = compare();

    await append(log.events.slice(2 * third));
    const head = await store.headPosition();
    for (let i = 0; i < 400 && runner.index.position < head; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runner.index.position).toBe(head);
    expect(compare()).not.toBe(before);
    // Every item's share too (what a later change of the item takes away), not only the sums.
    const counts = runner.counts;
    if (!counts) throw new Error('no counts');
    expect(comparable(counts)).toEqual(comparable(LiveBoardCounts.of(runner.index)));
    await runner.stop({ save: false });
    await store.close();
  });
});

/** Everything the counts keep, in id order (the orders of insertion may differ between builds). */
function comparable(counts: LiveBoardCounts) {
  const byId = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const image = counts.image();
  return {
    ...image,
    contributions: byId(image.contributions),
    plans: byId(image.plans),
    inspections: byId(image.inspections.map(([id, t]) => [id, { ...t, plans: [...t.plans].sort() }])),
    inspectionItems: byId(image.inspectionItems.map(([id, items]) => [id, [...items].sort()])),
  };
}
