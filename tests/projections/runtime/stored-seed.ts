import { join } from 'node:path';
import type { LedgerEvent } from '../../../src/domain/ledger-event.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { seed002 } from '../seed-002.js';

/**
 * A SQLite store in `dir` and the seed 002 log, with `append` writing log events at their own
 * recordedAt (the store's clock replays them), so both time axes are those of the seed. Tests
 * that start a runner part-way append the log in pieces.
 */
export function storedSeed002Writer(dir: string) {
  let now = new Date('2011-01-01T00:00:00.000Z');
  const store = openSqliteStore({ path: join(dir, 'ledger.sqlite'), clock: () => now, pollIntervalMs: 5 });
  const { log } = seed002();
  const append = async (events: readonly LedgerEvent[]) => {
    for (const e of events) {
      now = new Date(e.recordedAt);
      const { eventId, effectiveOn, actor, type, schemaVersion, data } = e;
      const event = {
        eventId,
        effectiveOn,
        actor,
        correlationId: null,
        causationId: null,
        type,
        schemaVersion,
        data,
      };
      await store.append(e.streamId, [event], { expectedRevision: 'any' });
    }
  };
  return { store, log, append };
}

/** A SQLite store in `dir` holding the whole seed 002 log (see `storedSeed002Writer`). */
export async function givenStoredSeed002(dir: string) {
  const { store, log, append } = storedSeed002Writer(dir);
  await append(log.events);
  return { store, count: log.events.length };
}
