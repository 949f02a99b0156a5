import { join } from 'node:path';
import { AsOfIndex } from '../../projections/as-of-index.js';
import type { Actor } from '../../src/domain/envelope.js';
import { decodeEvent } from '../../src/domain/ledger-event.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../store/factories.js';

/** The importing principal in these tests. */
export const importer = (): Actor => ({
  id: 'cli:auditor',
  method: 'import',
  requestId: null,
  claimedName: null,
});

/** A real SQLite ledger file in a temp directory. */
export async function tempLedger() {
  const dir = await tempDir('plan-ledger-import-');
  const path = join(dir.dir, 'ledger.sqlite');
  const store = openSqliteStore({ path });
  return {
    store,
    path,
    dir: dir.dir,
    async close() {
      await store.close();
      await dir.remove();
    },
  };
}

/** The as-of index over everything the store holds (what the projection runner would build). */
export async function indexOf(store: EventStore): Promise<AsOfIndex> {
  const index = new AsOfIndex();
  for (const record of await store.readAll()) index.apply(decodeEvent(record));
  return index;
}

/** Events of the whole log by type. */
export async function countTypes(store: EventStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const r of await store.readAll()) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}
