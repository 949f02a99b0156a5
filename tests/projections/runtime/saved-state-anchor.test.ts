import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { openSqliteStore, type SqliteEventStore } from '../../../src/store/sqlite-store.js';
import { seed002 } from '../seed-002.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Appends seed 002's events `from`..`to` (exclusive), each at its own recordedAt (+ `shiftMs`). */
async function appendSeed(path: string, from: number, to: number, shiftMs = 0): Promise<SqliteEventStore> {
  let now = new Date(0);
  const store = openSqliteStore({ path, clock: () => now, pollIntervalMs: 5 });
  for (const e of seed002().log.events.slice(from, to)) {
    now = new Date(Date.parse(e.recordedAt) + shiftMs);
    const { eventId, effectiveOn, actor, type, schemaVersion, data } = e;
    await store.append(
      e.streamId,
      [{ eventId, effectiveOn, actor, correlationId: null, causationId: null, type, schemaVersion, data }],
      { expectedRevision: 'any' },
    );
  }
  return store;
}

/** A consistent copy of a live SQLite file (what `sqlite3 .backup` makes). */
async function backup(from: string, to: string): Promise<void> {
  const raw = new Database(from);
  await raw.backup(to);
  raw.close();
}

/** A data directory: the ledger, and the runner's saved state after folding all of seed 002. */
async function givenSavedState() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-anchor-'));
  dirs.push(dir);
  const ledger = join(dir, 'ledger.sqlite');
  const half = Math.floor(seed002().log.events.length / 2);
  const store = await appendSeed(ledger, 0, half);
  await backup(ledger, join(dir, 'older.sqlite'));
  await store.close();
  const full = await appendSeed(ledger, half, Number.MAX_SAFE_INTEGER);
  const runner = new ProjectionRunner({ store: full, dataDir: join(dir, 'state') });
  await runner.start();
  await runner.stop();
  const head = await full.headPosition();
  await full.close();
  return { dir, ledger, half, head };
}

/** Puts another file in the ledger's place, as an operator restoring a backup would. */
async function replaceLedger(ledger: string, withFile: string): Promise<void> {
  for (const suffix of ['-wal', '-shm']) await rm(`${ledger}${suffix}`, { force: true });
  await copyFile(withFile, ledger);
}

describe('saved read-model state must match the store it was built from', () => {
  it('given an older copy of the ledger restored under the saved state, it is discarded, rebuilt, logged, and new writes show', async () => {
    const { dir, ledger, half } = await givenSavedState();
    await replaceLedger(ledger, join(dir, 'older.sqlite'));
    const store = openSqliteStore({ path: ledger, pollIntervalMs: 5 });
    const notices: string[] = [];
    const runner = new ProjectionRunner({
      store,
      dataDir: join(dir, 'state'),
      onNotice: (m) => notices.push(m),
    });
    await runner.start();
    expect(notices).toEqual([expect.stringMatching(/store ends at \d+: an older copy of the ledger/)]);
    expect([runner.stats.fromSnapshot, runner.index.position]).toEqual([0, half - 1]);
    // New writes after the restore are read (they were invisible before: the runner followed
    // from the newer state's position, which the restored file had not reached)
    const [event] = seed002().log.events.slice(half, half + 1);
    if (!event) throw new Error('no event');
    const { eventId, effectiveOn, actor, type, schemaVersion, data } = event;
    await store.append(
      event.streamId,
      [{ eventId, effectiveOn, actor, correlationId: null, causationId: null, type, schemaVersion, data }],
      { expectedRevision: 'any' },
    );
    await expect.poll(() => runner.index.position, { timeout: 3000 }).toBe(half);
    await runner.stop();
    await store.close();
  });

  it('given another ledger file under the saved state, it is discarded and rebuilt, naming the other ledger', async () => {
    const { dir, ledger, head } = await givenSavedState();
    const other = join(dir, 'other.sqlite');
    const otherStore = await appendSeed(other, 0, Number.MAX_SAFE_INTEGER, 1000);
    await otherStore.close();
    await replaceLedger(ledger, other);
    const store = openSqliteStore({ path: ledger });
    const notices: string[] = [];
    const runner = new ProjectionRunner({
      store,
      dataDir: join(dir, 'state'),
      onNotice: (m) => notices.push(m),
    });
    await runner.start();
    expect(notices).toEqual([expect.stringMatching(/built from another ledger/)]);
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([0, head + 1]);
    await runner.stop();
    await store.close();
  });

  it('given a ledger whose last folded event was replaced, it is discarded and rebuilt', async () => {
    const { dir, ledger, head } = await givenSavedState();
    const raw = new Database(ledger);
    raw.prepare('UPDATE events SET hash = ? WHERE position = ?').run('e'.repeat(64), head);
    raw.close();
    const store = openSqliteStore({ path: ledger });
    const notices: string[] = [];
    const runner = new ProjectionRunner({
      store,
      dataDir: join(dir, 'state'),
      onNotice: (m) => notices.push(m),
    });
    await runner.start();
    expect(notices).toEqual([expect.stringMatching(/tail was replaced or rewritten/)]);
    expect(runner.stats.fromSnapshot).toBe(0);
    await runner.stop();
    await store.close();
  });

  it('given the same ledger, the saved state is used as it is, without a word', async () => {
    const { dir, ledger, head } = await givenSavedState();
    const store = openSqliteStore({ path: ledger });
    const notices: string[] = [];
    const runner = new ProjectionRunner({
      store,
      dataDir: join(dir, 'state'),
      onNotice: (m) => notices.push(m),
    });
    await runner.start();
    expect(notices).toEqual([]);
    expect([runner.stats.fromSnapshot, runner.stats.fromStore]).toEqual([head + 1, 0]);
    await runner.stop();
    await store.close();
  });
});
