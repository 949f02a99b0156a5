import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { executeInputFor } from '../../bench/commands.js';
import { generateLedger } from '../../bench/generator.js';
import { ensureLedger } from '../../bench/ledger-cache.js';
import { executeCommand } from '../../src/app/execute-command.js';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench ledger cache', () => {
  // The cache bypasses the store's append for speed; it must still be a ledger the store
  // opens and `verify` accepts, or the read benchmarks would measure a different thing.
  it('writes a ledger the SQLite store opens and verify accepts, and reuses it', async () => {
    const path = ensureLedger(3000, 'cache-test', () => {}, dir);
    expect(ensureLedger(3000, 'cache-test', () => {}, dir)).toBe(path);
    const store = openSqliteStore({ path });
    try {
      const report = await verifyLedger(store);
      expect(report.ok).toBe(true);
      expect(report.eventsChecked).toBe(3000);
    } finally {
      await store.close();
    }
  });
});

describe('bench commands', () => {
  // The append benchmark replays generated events as commands; if any were refused, or the
  // ledger differed from the cached one, it would be timing a different workload.
  it('replays a generated ledger through the full command path into the same hash chain', async () => {
    const size = 1500;
    const events = generateLedger({ events: size, seed: 'replay' });
    const path = join(dir, 'replay.sqlite');
    let now = 0;
    const store = openSqliteStore({ path, clock: () => new Date(now) });
    try {
      for (const event of events) {
        now = event.recordedAtMs;
        await executeCommand(store, executeInputFor(event));
      }
      const replayed = (await store.readAll()).map((e) => e.hash);
      const cached = openSqliteStore({ path: ensureLedger(size, 'replay', () => {}, dir) });
      const expected = (await cached.readAll()).map((e) => e.hash);
      await cached.close();
      expect(replayed).toEqual(expected);
    } finally {
      await store.close();
    }
  });
});
