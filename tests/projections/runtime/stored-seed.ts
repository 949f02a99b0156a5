import { join } from 'node:path';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { seed002 } from '../seed-002.js';

/**
 * A SQLite store in `dir` holding the seed 002 log, each event recorded at its own recordedAt
 * (the store's clock replays them), so both time axes are those of the seed.
 */
export async function givenStoredSeed002(dir: string) {
  let now = new Date('2011-01-01T00:00:00.000Z');
  const store = openSqliteStore({ path: join(dir, 'ledger.sqlite'), clock: () => now, pollIntervalMs: 5 });
  const { log } = seed002();
  for (const e of log.events) {
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
  return { store, count: log.events.length };
}
