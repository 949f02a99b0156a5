import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureLedger } from '../../bench/ledger-cache.js';
import { verifyLedger } from '../../src/ledger/verify.js';
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
