import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { type MigrateProgress, migrate } from '../../src/store/migrate.js';
import { openImportTarget, openStore } from '../../src/store/open-store.js';
import { rejectionOf } from './contract-support.js';
import { newEvents, steppingClock, tempDir, uniqueStreamId } from './factories.js';

/**
 * `ledger migrate` between two embedded stores: the same code (migrate + the replay importer
 * over the target adapter's own append) that moves a ledger to EventStoreDB.
 */
describe('migrate', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let sourcePath: string;
  let targetPath: string;
  let source: EventStore;

  beforeEach(async () => {
    temp = await tempDir();
    sourcePath = join(temp.dir, 'source.sqlite');
    targetPath = join(temp.dir, 'nested', 'target.sqlite');
    source = openStore({ kind: 'sqlite', path: sourcePath }, steppingClock());
  });
  afterEach(async () => {
    await source.close();
    await temp.remove();
  });

  /** Given a source ledger: three streams, interleaved appends of several sizes. */
  async function seedSource(): Promise<void> {
    const [a, b, c] = [uniqueStreamId('item'), uniqueStreamId('plan'), uniqueStreamId('board')];
    await source.append(a, newEvents(3), { expectedRevision: 'no_stream' });
    await source.append(b, newEvents(1), { expectedRevision: 'no_stream' });
    await source.append(a, newEvents(2), { expectedRevision: 2 });
    await source.append(c, newEvents(4), { expectedRevision: 'no_stream' });
    await source.append(b, newEvents(2), { expectedRevision: 0 });
  }

  async function migrateAll(
    pageSize = 3,
  ): Promise<{ progress: MigrateProgress; reports: MigrateProgress[] }> {
    const target = openImportTarget({ kind: 'sqlite', path: targetPath });
    const reports: MigrateProgress[] = [];
    try {
      const progress = await migrate(source, target, { pageSize, onProgress: (p) => reports.push(p) });
      return { progress, reports };
    } finally {
      await target.close();
    }
  }

  async function readTarget(): Promise<ReturnType<EventStore['readAll']>> {
    const target = openStore({ kind: 'sqlite', path: targetPath });
    try {
      return await target.readAll();
    } finally {
      await target.close();
    }
  }

  it('given a ledger, when migrated, then every event arrives with its envelope, in global order', async () => {
    await seedSource();
    const { progress, reports } = await migrateAll();
    const original = await source.readAll();
    const copied = await readTarget();
    const withoutPosition = (events: typeof original) => events.map(({ position: _p, ...rest }) => rest);
    expect(withoutPosition(copied)).toEqual(withoutPosition(original));
    expect(copied.map((e) => e.hash)).toEqual(original.map((e) => e.hash));
    expect(progress).toMatchObject({
      read: 12,
      imported: 12,
      alreadyPresent: 0,
      sourceHead: 11,
      position: 11,
    });
    expect(reports.map((r) => r.read)).toEqual([3, 6, 9, 12]);
  });

  it('given a finished migration, when run again, then nothing new is copied', async () => {
    await seedSource();
    await migrateAll();
    const again = await migrateAll(5);
    expect(again.progress).toMatchObject({ read: 12, imported: 0, alreadyPresent: 12 });
    expect(await readTarget()).toHaveLength(12);
  });

  it('given events appended to the source after a migration, when run again, then only those are copied', async () => {
    await seedSource();
    await migrateAll();
    const streamId = uniqueStreamId('item');
    await source.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
    const again = await migrateAll(4);
    expect(again.progress).toMatchObject({ read: 14, imported: 2, alreadyPresent: 12 });
    const copied = await readTarget();
    expect(copied.slice(-2).map((e) => e.hash)).toEqual(
      (await source.readStream(streamId)).map((e) => e.hash),
    );
  });

  it('given an empty source, when migrated, then nothing is copied and no progress is reported', async () => {
    const { progress, reports } = await migrateAll();
    expect(progress).toMatchObject({ read: 0, imported: 0, sourceHead: -1 });
    expect(reports).toEqual([]);
  });

  it('given a source event edited behind the ledger, when migrated, then it stops with an IntegrityError before writing it', async () => {
    await seedSource();
    const victim = (await source.readAll())[4] ?? expect.unreachable();
    await source.close();
    const raw = new Database(sourcePath);
    raw.prepare('UPDATE events SET data = ? WHERE event_id = ?').run('{"note":"rewritten"}', victim.eventId);
    raw.close();
    source = openStore({ kind: 'sqlite', path: sourcePath });
    const target = openImportTarget({ kind: 'sqlite', path: targetPath });
    const error = await rejectionOf(migrate(source, target, { pageSize: 100 }));
    await target.close();
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({ eventId: victim.eventId });
    const copied = await readTarget();
    expect(copied.map((e) => e.eventId)).not.toContain(victim.eventId);
  });

  it('given a target that already has other events in a stream, when migrated, then it refuses to mix them', async () => {
    await seedSource();
    const [first] = await source.readAll();
    const streamId = first?.streamId ?? expect.unreachable();
    const other = openStore({ kind: 'sqlite', path: targetPath });
    await other.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
    await other.close();
    const target = openImportTarget({ kind: 'sqlite', path: targetPath });
    const error = await rejectionOf(migrate(source, target));
    await target.close();
    expect(error).toBeInstanceOf(IntegrityError);
  });
});

describe('ledger migrate (CLI)', () => {
  it('given a source file, when `ledger migrate --from … --to …` runs, then it copies and reports, and a re-run copies nothing', async () => {
    const { migrateCommand } = await import('../../src/cli/commands/migrate.js');
    const temp = await tempDir();
    try {
      const from = join(temp.dir, 'a.sqlite');
      const to = join(temp.dir, 'b.sqlite');
      const source = openStore({ kind: 'sqlite', path: from });
      await source.append(uniqueStreamId(), newEvents(3), { expectedRevision: 'no_stream' });
      await source.close();
      const out: string[] = [];
      const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, env: {} };
      expect(await migrateCommand.run(['--from', from, '--to', to, '--quiet'], io)).toBe(0);
      expect(out.join('')).toContain('3 copied, 0 already in the target');
      expect(await migrateCommand.run(['--from', from, '--to', to, '--quiet'], io)).toBe(0);
      expect(out.join('')).toContain('0 copied, 3 already in the target');
    } finally {
      await temp.remove();
    }
  });
});
