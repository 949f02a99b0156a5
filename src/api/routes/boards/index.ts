import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardSnapshotDigest } from '../../../../projections/board-snapshot.js';
import { commandDef, commandOptions, runCommand } from '../../command-route.js';
import { awaitProjection } from '../../read-your-writes.js';
import { BoardParams } from '../commands/schema.js';
import { PresentBoardReportBody } from './schema.js';

/** Board reports: a new board's first report, or a further report to a known board. */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  // The digest freezes what the board is shown, so the read models must include every event
  // committed before the report is presented.
  app.addHook('preHandler', async (request) => {
    if (request.method === 'POST') {
      await awaitProjection(app.ledger.projections, await app.ledger.store.headPosition(), 5000);
      await app.ledger.digests.catchUp();
    }
  });
  /**
   * The report as presented: the time point shown (asOf, now) and the caller's digest, or the
   * server's own over the plans as the ledger knows them at that moment.
   */
  const presented = (data: {
    boardName: string;
    planIds: string[];
    boardDate: string;
    asOf?: string | undefined;
    snapshotDigest?: string | null | undefined;
  }) => {
    // Everything the read models hold (they have caught up with the head, above) and nothing later.
    const index = app.ledger.projections.index;
    const at = {
      asOf: data.asOf ?? data.boardDate,
      knownAt: index.lastRecordedAt || app.ledger.clock().toISOString(),
    };
    const snapshotDigest = data.snapshotDigest ?? boardSnapshotDigest(index, data.planIds, at);
    return {
      boardName: data.boardName,
      boardDate: data.boardDate,
      planIds: data.planIds,
      ...at,
      snapshotDigest,
      // The ledger as the read models hold it for this report (caught up above).
      ledgerDigest: app.ledger.digests.snapshot(),
    };
  };
  const presentToNewBoard = commandDef({
    url: '/boards',
    permission: 'manage',
    tags: ['commands'],
    summary: "Present a report to a new board (manager); the board's id is allocated",
    params: z.strictObject({}),
    body: PresentBoardReportBody,
    build: (_p, { effectiveOn: _e, onBehalfOf: _o, ...data }, newId) => {
      const boardId = newId('board');
      return {
        defaultEffectiveOn: data.boardDate,
        command: { type: 'PresentBoardReport', data: { boardId, ...presented(data) } },
      };
    },
  });
  app.post(presentToNewBoard.url, commandOptions(presentToNewBoard), (request, reply) =>
    runCommand(app, request, reply, presentToNewBoard, request.params, request.body, request.headers),
  );
  const presentReport = commandDef({
    url: '/boards/:boardId/reports',
    permission: 'manage',
    tags: ['commands'],
    summary: 'Present a further report to a board (manager)',
    params: BoardParams,
    body: PresentBoardReportBody,
    build: ({ boardId }, { effectiveOn: _e, onBehalfOf: _o, ...data }) => ({
      defaultEffectiveOn: data.boardDate,
      command: { type: 'PresentBoardReport', data: { boardId, ...presented(data) } },
    }),
  });
  app.post(presentReport.url, commandOptions(presentReport), (request, reply) =>
    runCommand(app, request, reply, presentReport, request.params, request.body, request.headers),
  );
};
