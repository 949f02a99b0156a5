import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, sealEvents } from '../../src/store/hash-chain.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite-schema.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { provenanceOf } from './contract-provenance.js';
import { newEvents, tempDir } from './factories.js';

/** The version-1 table exactly as ledgers before provenance created it. */
const DDL_V1 = `CREATE TABLE events (
  position INTEGER PRIMARY KEY CHECK (position >= 0), event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL, revision INTEGER NOT NULL CHECK (revision >= 0), type TEXT NOT NULL,
  schema_version INTEGER NOT NULL, effective_on TEXT NOT NULL, recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL, correlation_id TEXT, causation_id TEXT, data TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream_id, revision)) STRICT`;

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe('SQLite schema version 2 (provenance)', () => {
  it('given a version-1 ledger file, when opened, then it is migrated and its events decode and verify unchanged', async () => {
    const dir = await tempDir();
    cleanup = dir.remove;
    const path = join(dir.dir, 'v1.sqlite');
    const raw = new Database(path);
    raw.exec(DDL_V1);
    raw.pragma('user_version = 1');
    const sealed = sealEvents('test-v1', newEvents(2), 0, GENESIS_HASH, '2011-04-27T09:30:00.000Z');
    const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [i, e] of sealed.entries()) {
      insert.run(
        i,
        e.eventId,
        e.streamId,
        e.revision,
        e.type,
        e.schemaVersion,
        e.effectiveOn,
        e.recordedAt,
        JSON.stringify(e.actor),
        e.correlationId,
        e.causationId,
        JSON.stringify(e.data),
        e.prevHash,
        e.hash,
      );
    }
    raw.close();

    const store = openSqliteStore({ path });
    const read = await store.readStream('test-v1');
    expect(read.map((e) => e.hash)).toEqual(sealed.map((e) => e.hash));
    for (const { position: _p, hash, ...fields } of read) {
      expect('provenance' in fields).toBe(false);
      expect(eventHash(fields)).toBe(hash);
    }
    // New events on the migrated file carry provenance.
    const [next] = newEvents(1);
    if (!next) throw new Error('no event');
    await store.append('test-v1', [{ ...next, provenance: provenanceOf() }], { expectedRevision: 1 });
    expect((await store.readStream('test-v1'))[2]?.provenance).toEqual(provenanceOf());
    await store.close();

    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    check.close();
  });
});
