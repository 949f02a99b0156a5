import type { FastifyInstance } from 'fastify';
import { boardRoutes } from './boards/index.js';
import { boardVerificationRoutes } from './boards/verification.js';
import { correctionRoutes } from './corrections/index.js';
import { eventRoutes } from './events/index.js';
import { exportRoutes } from './exports/index.js';
import { healthRoutes } from './health/index.js';
import { importRoutes } from './import/index.js';
import { inspectionRoutes } from './inspections/index.js';
import { itemCommandRoutes } from './items/commands.js';
import { itemQueryRoutes } from './items/queries.js';
import { keyRoutes } from './keys/index.js';
import { ledgerRoutes } from './ledger/index.js';
import { planCommandRoutes } from './plans/commands.js';
import { planQueryRoutes } from './plans/queries.js';
import { reportRoutes } from './reports/index.js';
import { streamRoutes } from './stream/index.js';
import { webRoutes } from './web/index.js';

/** Every route of the API; one plugin per resource. */
export async function registerRoutes(app: FastifyInstance, opts: { storeName: string }): Promise<void> {
  await app.register(healthRoutes, { storeName: opts.storeName });
  await app.register(eventRoutes);
  await app.register(ledgerRoutes);
  await app.register(inspectionRoutes);
  await app.register(planCommandRoutes);
  await app.register(itemCommandRoutes);
  await app.register(planQueryRoutes);
  await app.register(itemQueryRoutes);
  await app.register(reportRoutes);
  await app.register(exportRoutes);
  await app.register(boardRoutes);
  await app.register(boardVerificationRoutes);
  await app.register(correctionRoutes);
  await app.register(keyRoutes);
  await app.register(importRoutes);
  await app.register(streamRoutes);
  await app.register(webRoutes);
}
