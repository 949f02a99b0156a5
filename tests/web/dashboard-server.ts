import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ulid } from 'ulid';
import { buildApp } from '../../src/api/app.js';
import { executeCommand } from '../../src/app/execute-command.js';
import { KeyStore } from '../../src/auth/key-store.js';
import type { Actor } from '../../src/domain/envelope.js';
import { readDocument } from '../../src/import/read/read-document.js';
import { runImport } from '../../src/import/record/run-import.js';
import { sampleSteps } from '../../src/sample/load-sample.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../store/factories.js';

/**
 * A real ledger server for the dashboard's browser test: fastify listening on 127.0.0.1 over a
 * temporary SQLite file holding the sample plan.
 *
 * The sample is loaded through the command path with a replay clock that records each command
 * on its business date (10:00 UTC), as a ledger kept since the plan began would have recorded
 * it. `npm start` records the whole sample at load time instead, which leaves nothing for
 * "what the board saw" to show on the sample's board date; here both time axes mean something.
 * After loading, the clock is the real one again, so commands posted by the test are "now".
 */
export interface DashboardServer {
  baseUrl: string;
  /** Read-only key: what a dashboard should be given. */
  viewerKey: string;
  /** For posting commands while the page is open. */
  managerKey: string;
  close(): Promise<void>;
}

const LOADER: Actor = {
  id: 'system',
  method: 'system',
  requestId: null,
  claimedName: 'dashboard test loader',
};

/** Board papers (seed files) to import after the sample, as an importing admin would. */
export interface DashboardServerOptions {
  papers?: string[];
  /** The inspection the papers belong to, as `ledger import --inspection` names it (else each file's own title). */
  inspection?: string;
}

const IMPORTER: Actor = { id: 'cli:test-importer', method: 'import', requestId: null, claimedName: null };

export async function startDashboardServer(options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const dir = await tempDir('plan-ledger-web-');
  let replay: Date | null = null;
  const store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite'), clock: () => replay ?? new Date() });
  // Stable sort by business date: each item's own steps keep their order, and recordedAt grows
  // with the log, as it would have in real life.
  const steps = sampleSteps()
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.effectiveOn.localeCompare(b.step.effectiveOn));
  for (const [n, { step, index }] of steps.entries()) {
    replay = new Date(Date.parse(`${step.effectiveOn}T10:00:00.000Z`) + n);
    await executeCommand(store, {
      command: step.command,
      metadata: {
        actor: LOADER,
        correlationId: 'dashboard-test',
        causationId: null,
        effectiveOn: step.effectiveOn,
        idempotencyKey: `dashboard-test:${index}`,
      },
      newId: ulid,
    });
  }
  replay = null;
  for (const paper of options.papers ?? []) {
    const outcome = await runImport(store, await readDocument(paper, { inspection: options.inspection }), {
      actor: IMPORTER,
    });
    if (outcome.report.status !== 'imported') throw new Error(`import of ${paper}: ${outcome.report.status}`);
  }

  const keys = await KeyStore.open(store);
  const viewerKey = (await keys.create({ name: 'dashboard test viewer', role: 'viewer' }, 'test')).token;
  const managerKey = (await keys.create({ name: 'dashboard test manager', role: 'manager' }, 'test')).token;
  const app: FastifyInstance = await buildApp({
    validateResponses: true,
    store,
    storeName: 'sqlite:dashboard-test',
    keys,
    rateLimitPerMinute: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    viewerKey,
    managerKey,
    async close() {
      await app.close();
      await store.close();
      await dir.remove();
    },
  };
}
