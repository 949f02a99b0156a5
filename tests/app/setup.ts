import { join } from 'node:path';
import { ulid } from 'ulid';
import type { CommandMetadataInput } from '../../src/app/command-handler.js';
import { executeCommand } from '../../src/app/execute-command.js';
import type { LedgerCommandInput } from '../../src/domain/ledger-commands.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { inspectionRegistered, PLAN_B, planOpened, recommendationData } from '../domain/fixtures.js';
import { steppingClock, tempDir, testActor } from '../store/factories.js';

/** Server-side metadata as the API would stamp it. */
export const serverMeta = (effectiveOn = '2011-05-01', over: Partial<CommandMetadataInput> = {}) => ({
  actor: testActor(),
  correlationId: `corr-${ulid()}`,
  causationId: null,
  effectiveOn,
  ...over,
});

/** A real SQLite ledger in a temp directory; `open()` gives another connection to the same file. */
export async function sqliteLedger() {
  const dir = await tempDir('plan-ledger-app-');
  const path = join(dir.dir, 'ledger.db');
  const stores: EventStore[] = [];
  const open = () => {
    const store = openSqliteStore({ path, clock: steppingClock() });
    stores.push(store);
    return store;
  };
  const store = open();
  return {
    store,
    open,
    async close() {
      for (const s of stores) await s.close();
      await dir.remove();
    },
  };
}

export const run = (store: EventStore, command: LedgerCommandInput, effectiveOn = '2011-05-01') =>
  executeCommand(store, { command, metadata: serverMeta(effectiveOn), newId: ulid });

/** An inspection with two plans and one item (AFI.3, received 1 April into PLAN). */
export async function seedItem(store: EventStore) {
  await run(store, { type: 'RegisterInspection', data: inspectionRegistered().data }, '2011-01-15');
  await run(store, { type: 'OpenPlan', data: planOpened().data }, '2011-02-01');
  await run(
    store,
    { type: 'OpenPlan', data: planOpened({ planId: PLAN_B, portfolio: 'Protective Services' }).data },
    '2011-02-01',
  );
  return run(store, { type: 'ReceiveRecommendation', data: recommendationData() }, '2011-04-01');
}
