import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { ConcurrencyError } from '../../src/errors.js';
import { KnownLog } from '../../src/store/sqlite-known-log.js';
import { configureConnection } from '../../src/store/sqlite-schema.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { rejectionOf } from './contract-support.js';
import { newEvent, newEvents, steppingClock, tempDir } from './factories.js';

/**
 * The writer remembers the log's end between its own commits (sqlite-known-log.ts); these
 * tests hold that a commit by any other connection to the file is noticed, so the memory is
 * never written on: the next append chains onto the other writer's events.
 */
describe('the SQLite writer’s memory of the log', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let path: string;
  beforeEach(async () => {
    temp = await tempDir();
    path = join(temp.dir, 'ledger.db');
  });
  afterEach(async () => {
    await temp.remove();
  });

  describe('KnownLog on a real file', () => {
    const end = { nextPosition: 7, latest: '2011-04-27T09:30:00.000Z', heads: new Map() };
    const withConnection = (run: (db: Database.Database) => void) => {
      const db = new Database(path);
      try {
        configureConnection(db);
        run(db);
      } finally {
        db.close();
      }
    };

    it('given its own commits only, then what it remembered is trusted at the next transaction', () => {
      withConnection((db) => {
        const known = new KnownLog(db);
        db.exec('CREATE TABLE scratch (n INTEGER)');
        // given a transaction that remembered the log's end, and another of its own after it
        const first = db.transaction(() => known.take()).immediate();
        known.remember({ ...end, version: first.version, knownHeads: null });
        db.prepare('INSERT INTO scratch VALUES (1)').run();
        // when the next transaction takes it
        const next = db.transaction(() => known.take()).immediate();
        // then it is trusted, and forgotten until remembered again
        expect(next.end).toEqual(end);
        expect(db.transaction(() => known.take()).immediate().end).toBeNull();
      });
    });

    it('given another connection committed since, then nothing remembered is trusted', () => {
      withConnection((db) => {
        const known = new KnownLog(db);
        db.exec('CREATE TABLE scratch (n INTEGER)');
        const first = db.transaction(() => known.take()).immediate();
        known.remember({ ...end, version: first.version, knownHeads: null });
        // when a second connection commits to the same file
        withConnection((other) => other.prepare('INSERT INTO scratch VALUES (2)').run());
        // then the next transaction reads the file instead
        expect(db.transaction(() => known.take()).immediate().end).toBeNull();
      });
    });
  });

  for (const commitThread of [false, true]) {
    describe(commitThread ? 'with a write thread' : 'on the store’s thread', () => {
      const open = (start: string) =>
        openSqliteStore({ path, commitThread, clock: steppingClock(start, 1000) });
      let ours: SqliteEventStore;
      beforeEach(async () => {
        ours = open('2011-04-27T09:00:00.000Z');
        // given our store has written to the stream, so its writer remembers the stream's head
        await ours.append('s', newEvents(2), { expectedRevision: 'no_stream' });
        await ours.append('t', newEvents(1), { expectedRevision: 'no_stream' });
      });
      afterEach(() => ours.close());

      it('given another store appended to the same stream, then ours chains onto its events', async () => {
        // when a second store on the same file (a later clock) appends to the stream and the log
        const theirs = open('2011-04-27T12:00:00.000Z');
        await theirs.append('s', newEvents(2), { expectedRevision: 1 });
        await theirs.append('u', newEvents(1), { expectedRevision: 'no_stream' });
        const foreign = await theirs.readStream('s');
        await theirs.close();
        // then our next append lands after them: next revision, next position, their hash, not before their time
        const result = await ours.append('s', [newEvent()], { expectedRevision: 3 });
        const [mine] = result.events;
        expect(mine?.revision).toBe(4);
        expect(mine?.position).toBe(6);
        expect(mine?.prevHash).toBe(foreign.at(-1)?.hash);
        expect((mine?.recordedAt ?? '') >= (foreign.at(-1)?.recordedAt ?? '~')).toBe(true);
        // and the file verifies: one gapless log, every chain intact
        const log = await ours.readAll();
        expect(log.map((e) => e.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect((await verifyLedger(ours)).ok).toBe(true);
      });

      it('given another store moved the stream on, then our append on the old revision is a conflict', async () => {
        // when a second store appends to the stream our writer last saw at revision 1
        const theirs = open('2011-04-27T12:00:00.000Z');
        await theirs.append('s', newEvents(1), { expectedRevision: 1 });
        await theirs.close();
        // then our append expecting revision 1 is refused with the stream's actual revision
        const error = await rejectionOf(ours.append('s', [newEvent()], { expectedRevision: 1 }));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ expected: 1, actual: 2 });
        // and nothing was written over: the stream holds 3 events, the other writer's last
        expect((await ours.readStream('s')).map((e) => e.revision)).toEqual([0, 1, 2]);
      });
    });
  }
});
