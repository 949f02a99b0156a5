import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { boardCounts } from '../../../projections/runtime/board-queries.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { storedSeed002Writer } from './stored-seed.js';

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
    const inspectionId = log.events
      .find((e) => e.type === 'InspectionRegistered')
      ?.streamId.slice('inspection-'.length);
    const compare = () => {
      // When the counts cover today, they are what the query serves; they must equal the fold.
      expect(runner.counts?.covers({ asOf: '2026-01-01', knownAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
      expect(boardCounts(live, {})).toEqual(boardCounts(folded, {}));
      expect(boardCounts(live, { by: 'portfolio' })).toEqual(boardCounts(folded, { by: 'portfolio' }));
      expect(boardCounts(live, { inspectionId })).toEqual(boardCounts(folded, { inspectionId }));
      // A past point is folded from the index either way (the inspection's items only).
      const past = { inspectionId, asOf: '2011-03-01', knownAt: '2011-03-01' };
      expect(boardCounts(live, past)).toEqual(boardCounts(folded, past));
    };
    compare();
    const before = JSON.stringify(boardCounts(live, {}));

    await append(log.events.slice(half));
    const head = await store.headPosition();
    for (let i = 0; i < 400 && runner.index.position < head; i++) await new Promise((r) => setTimeout(r, 10));
    expect(runner.index.position).toBe(head);
    compare();
    expect(JSON.stringify(boardCounts(live, {}))).not.toBe(before);

    await runner.rebuild();
    compare();
    await runner.stop({ save: false });
    await store.close();
  });
});
