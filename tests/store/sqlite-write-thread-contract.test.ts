import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './contract.js';
import { tempDir } from './factories.js';

/**
 * The store contract against a SQLite store that commits on its write thread. Starting a thread
 * costs a second or more on a loaded machine, so the suite shares one store, as it does a
 * long-lived EventStoreDB server (every contract test looks only at its own streams).
 * `reopen` opens a fresh store (and thread) on the same file.
 *
 * Each test brings its own clock, starting at the same instant; the store never stamps a time
 * before the log's latest (sqlite-writer.ts), so each test's clock is moved on to just after
 * the last reading of the tests before it: still its own steps, never backwards.
 */
let shared: { store: SqliteEventStore; path: string; remove: () => Promise<void> } | null = null;
let clock: () => Date = () => new Date();
let offsetMs = 0;
let lastReading = 0;
const storeClock = () => {
  const reading = clock().getTime() + offsetMs;
  lastReading = Math.max(lastReading, reading);
  return new Date(reading);
};

async function sharedStore() {
  if (!shared) {
    const temp = await tempDir('plan-ledger-write-thread-');
    const path = join(temp.dir, 'ledger.db');
    shared = {
      store: openSqliteStore({ path, clock: storeClock, pollIntervalMs: 20, commitThread: true }),
      path,
      remove: temp.remove,
    };
  }
  return shared;
}

afterAll(async () => {
  await shared?.store.close();
  await shared?.remove();
});

storeContract('SqliteEventStore, commits on its write thread', async (options) => {
  clock = options.clock;
  const start = options.clock().getTime();
  offsetMs = lastReading === 0 ? 0 : lastReading + 1000 - start;
  // The reading above was the test clock's first step; the store's first reading is its next.
  const s = await sharedStore();
  return {
    get store() {
      return s.store;
    },
    async reopen() {
      await s.store.close();
      s.store = openSqliteStore({ path: s.path, clock: storeClock, pollIntervalMs: 20, commitThread: true });
      return s.store;
    },
    async cleanup() {},
  };
});
