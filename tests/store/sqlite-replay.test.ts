import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { CorruptEventError, ValidationError } from '../../src/errors.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { provenanceOf } from './contract-provenance.js';
import { rejectionOf } from './contract-support.js';
import { newEvent, newEvents, steppingClock, tempDir, testActor, uniqueStreamId } from './factories.js';

/** What a replay reads of a recorded event (src/store/event-store.ts, ReplayedEvent). */
function replayed(event: RecordedEvent) {
  const { prevHash: _p, hash: _h, correlationId: _c, causationId: _d, ...rest } = event;
  return rest;
}

describe('SqliteEventStore.readReplay (the replay read path)', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    temp = await tempDir();
    path = join(temp.dir, 'ledger.db');
    store = openSqliteStore({ path, clock: steppingClock(), pollIntervalMs: 20 });
  });
  afterEach(async () => {
    await store.close();
    await temp.remove();
  });

  it('given events with provenance, shared actors and a null claimedName, when read for a replay, then they equal readAll less hashes and request ids, page by page', async () => {
    const a = uniqueStreamId('a');
    const b = uniqueStreamId('b');
    await store.append(a, newEvents(3), { expectedRevision: 'no_stream' });
    await store.append(b, [newEvent({ actor: testActor({ id: 'key_other' }) })], {
      expectedRevision: 'no_stream',
    });
    await store.append(
      a,
      [newEvent({ provenance: provenanceOf() }), newEvent({ provenance: provenanceOf() })],
      {
        expectedRevision: 2,
      },
    );
    const all = await store.readAll();
    expect(all.filter((e) => e.provenance !== undefined)).toHaveLength(2);
    expect(await store.readReplay()).toEqual(all.map(replayed));
    expect(await store.readReplay({ after: 0, limit: 2 })).toEqual(all.slice(1, 3).map(replayed));
    expect(await store.readReplay({ after: all.at(-1)?.position ?? 0 })).toEqual([]);
  });

  it('refuses a bad cursor or limit with a ValidationError naming it, as readAll does', async () => {
    expect(await rejectionOf(store.readReplay({ after: -2 }))).toBeInstanceOf(ValidationError);
    expect(String(await rejectionOf(store.readReplay({ limit: 1.5 })))).toMatch(/limit/);
  });

  it('given a row whose actor JSON lacks claimedName, then the whole-row read decides: the same event readAll returns', async () => {
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
    const raw = new Database(path);
    raw
      .prepare(
        `UPDATE events SET actor = '{"id":"key_x","method":"cli","requestId":null}' WHERE revision = 1`,
      )
      .run();
    raw.close();
    const all = await store.readAll();
    expect(all[1]?.actor).toEqual({ id: 'key_x', method: 'cli', requestId: null, claimedName: null });
    expect(await store.readReplay()).toEqual(all.map(replayed));
  });

  it.each([
    ['data that is not JSON', `data = '{"broken": '`, /not valid JSON/],
    ['an actor of the wrong shape', `actor = '{"id":""}'`, /actor/],
    ['a malformed event id', `event_id = 'nope'`, /event_id/],
    ['a malformed recordedAt', `recorded_at = 'yesterday'`, /recorded_at/],
  ])(
    'given a row with %s, then the replay fails with the CorruptEventError readAll gives',
    async (_, set, message) => {
      const streamId = uniqueStreamId();
      const { events } = await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      const raw = new Database(path);
      raw.prepare(`UPDATE events SET ${set} WHERE position = 1`).run();
      raw.close();
      const fromAll = await rejectionOf(store.readAll());
      const fromReplay = await rejectionOf(store.readReplay());
      expect(fromReplay).toBeInstanceOf(CorruptEventError);
      expect(String(fromReplay)).toMatch(message);
      expect(fromReplay).toEqual(fromAll);
      expect(fromAll).toBeInstanceOf(CorruptEventError);
      expect(events).toHaveLength(2);
    },
  );
});
