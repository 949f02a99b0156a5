import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BoardReportVerification, verifyBoardReport } from '../../../../projections/board-snapshot.js';
import { Ulid } from '../../../domain/fields.js';

const Params = z.strictObject({
  boardId: Ulid,
  /** The board stream revision of the report, as listed by GET /board-reports. */
  revision: z.coerce.number().int().nonnegative(),
});

/**
 * For inspectors and auditors: is the board pack the ledger reproduces today the one the
 * board was shown? Recomputes the snapshot digest at (board date, the report's recordedAt).
 */
export const boardVerificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/boards/:boardId/reports/:revision/verification',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: "Recompute a presented report's snapshot digest and compare it with the one recorded",
        params: Params,
        response: { 200: BoardReportVerification },
      },
    },
    async (request) =>
      verifyBoardReport(
        app.ledger.projections.index,
        request.params.boardId,
        request.params.revision,
        app.ledger.clock().toISOString(),
      ),
  );
};
