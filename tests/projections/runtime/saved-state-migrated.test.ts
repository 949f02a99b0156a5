import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import type { RecordedEvent } from '../../../src/domain/envelope.js';
import { loadSampleIfEmpty } from '../../../src/sample/load-sample.js';
import { openEventStoreDbStore } from '../../../src/store/eventstoredb-store.js';
import { createReplayImporter, migrate } from '../../../src/store/migrate.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { FakeEsdb } from '../../store/fake-esdb.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/**
 * `ledger migrate` to EventStoreDB, then serving from it with the projection state saved while
 * the ledger was on SQLite (issue 16: SQLite positions must never be used as `$all` positions).
 * The saved state's anchor names a SQLite position, which is no event's position on
 * EventStoreDB (`readAt` finds nothing there), so the state is discarded and rebuilt from the
 * new store, and the runner then follows it live. The server is the in-memory fake.
 */
describe('saved read-model state after a migration to EventStoreDB', () => {
  it('given state saved on SQLite, when the runner starts on the migrated EventStoreDB, then it rebuilds, says why, and follows new events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-migrated-'));
    dirs.push(dir);
    const sqlite = openSqliteStore({ path: join(dir, 'ledger.sqlite') });
    await loadSampleIfEmpty(sqlite, { newId: ulid });
    const saved = new ProjectionRunner({ store: sqlite, dataDir: join(dir, 'state') });
    await saved.start();
    const items = saved.index.position;
    await saved.stop();

    const fake = new FakeEsdb();
    const progress = await migrate(
      sqlite,
      createReplayImporter((clock) => openEventStoreDbStore({ client: fake.client(), clock })),
    );
    expect(progress.imported).toBe(items + 1);
    await sqlite.close();

    const esdb = openEventStoreDbStore({ client: fake.client() });
    const notices: string[] = [];
    const runner = new ProjectionRunner({
      store: esdb,
      dataDir: join(dir, 'state'),
      onNotice: (m) => notices.push(m),
    });
    await runner.start();
    expect(notices).toEqual([expect.stringMatching(/not the one the saved state folded/)]);
    expect(runner.stats.fromSnapshot).toBe(0);
    expect(runner.index.position).toBe(await esdb.headPosition());
    // And it follows the new store live.
    const [last] = await esdb.readTail(1);
    const stream = last?.streamId ?? '';
    const tail = await esdb.readStream(stream, { direction: 'backwards', limit: 1 });
    await esdb.append(stream, [{ ...newUpdateLike(tail[0]) }], { expectedRevision: 'any' });
    await expect.poll(() => runner.index.position, { timeout: 3000 }).toBe(await esdb.headPosition());
    await runner.stop();
    await esdb.close();
  });
});

/** A copy of a stored event under a new id (same type and data: a valid ledger event). */
function newUpdateLike(event: RecordedEvent | undefined) {
  if (!event) throw new Error('no event');
  const { effectiveOn, actor, type, schemaVersion, data } = event;
  return {
    eventId: ulid(),
    effectiveOn,
    actor,
    correlationId: null,
    causationId: null,
    type,
    schemaVersion,
    data,
  };
}
