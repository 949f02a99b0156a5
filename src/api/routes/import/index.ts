import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { boardSnapshotDigestBreathing } from '../../../../projections/board-snapshot.js';
import { itemsListedIn } from '../../../../projections/runtime/log-index.js';
import { actorOf } from '../../../auth/principal.js';
import { readAndPlanOffThread } from '../../../import/off-thread/read-off-thread.js';
import { runImport } from '../../../import/record/run-import.js';
import { breather } from '../../../lib/breather.js';
import { principalOf } from '../../auth.js';
import { awaitProjection } from '../../read-your-writes.js';
import { IMPORT_BODY_LIMIT, ImportBody, ImportReport } from './schema.js';

/** The answer's status by outcome: created, nothing new, refused (422), interrupted (409: run it again). */
/** Events per shared commit of an import through the server (the CLI uses append-decided.ts's default). */
const SERVER_EVENTS_PER_COMMIT = 256;

const STATUS = {
  imported: 201,
  unchanged: 200,
  superseded: 200,
  'dry-run': 200,
  failed: 422,
  interrupted: 409,
} as const;

/**
 * POST /import (admin): one document imported all or nothing, the same importer as `ledger
 * import`. The answer is always the import report, whatever the outcome, so a refused import
 * still lists every failure with its line.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/import',
    {
      config: { permission: 'administer' },
      bodyLimit: IMPORT_BODY_LIMIT + 64 * 1024,
      schema: {
        tags: ['import'],
        summary: 'Import an improvement plan (seed text, CSV/TSV, XLSX), or dry-run it (admin)',
        body: ImportBody,
        response: { 200: ImportReport, 201: ImportReport, 409: ImportReport, 422: ImportReport },
      },
    },
    async (request, reply) => {
      const body = request.body;
      // A fresh array owning its buffer either way: it is moved to the import thread, not copied.
      const bytes =
        body.contentBase64 === undefined
          ? new TextEncoder().encode(body.content ?? '')
          : new Uint8Array(Buffer.from(body.contentBase64, 'base64'));
      // Read and planned on a thread of its own: a large or hostile file never holds the
      // server's event loop (docs/architecture.md, Import).
      const { document, plan } = await readAndPlanOffThread({
        bytes,
        fileName: body.fileName,
        today: new Date().toISOString().slice(0, 10),
        ...(body.format === undefined ? {} : { format: body.format }),
        ...(body.inspection === undefined ? {} : { inspection: body.inspection }),
        ...(body.board === undefined ? {} : { board: body.board }),
        ...(body.boardDate === undefined ? {} : { boardDate: body.boardDate }),
      });
      // The actor is the authenticated key, never a name from the body.
      const actor = { ...actorOf(principalOf(request), request.id), method: 'import' as const };
      const { report } = await runImport(app.ledger.store, document, {
        actor,
        plan,
        // The CLI's 1,024-event groups held this loop up to ~1.2 s under load (/health waits):
        // the server keeps 256, a quarter of the main-thread work per turn.
        eventsPerCommit: SERVER_EVENTS_PER_COMMIT,
        dryRun: body.dryRun,
        refuseCorrections: body.noCorrections,
        board: body.board,
        boardDate: body.boardDate,
        // The paper's report shows the document as imported: the live read models, once they
        // hold every event appended before it.
        // Items the paper no longer lists are looked for in what the read models hold before it.
        listedItems: async (planIds) => {
          await awaitProjection(app.ledger.projections, await app.ledger.store.headPosition(), 10_000);
          return itemsListedIn(app.ledger.projections.index, planIds);
        },
        snapshotDigest: async (planIds, at) => {
          await awaitProjection(app.ledger.projections, await app.ledger.store.headPosition(), 10_000);
          // Plan after plan, letting /health and other requests in (thousands of items).
          return boardSnapshotDigestBreathing(app.ledger.projections.index, planIds, at, breather());
        },
      });
      if (report.status === 'imported') await awaitProjection(app.ledger.projections, report.headAfter);
      return reply.status(STATUS[report.status]).send(report);
    },
  );
};
