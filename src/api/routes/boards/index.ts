import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { streamIdOf } from '../../../domain/streams.js';
import { commandRoute } from '../../command-route.js';
import { BoardParams } from '../commands/schema.js';
import { PresentBoardReportBody } from './schema.js';

/** Board reports: a new board's first report, or a further report to a known board. */
export const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  commandRoute(app, {
    url: '/boards',
    permission: 'manage',
    tags: ['commands'],
    summary: "Present a report to a new board (manager); the board's id is allocated",
    params: z.strictObject({}),
    body: PresentBoardReportBody,
    build: (_p, { effectiveOn: _e, onBehalfOf: _o, ...data }, newId) => {
      const boardId = newId('board');
      return {
        id: boardId,
        streamId: streamIdOf('board', boardId),
        defaultEffectiveOn: data.boardDate,
        command: { type: 'PresentBoardReport', data: { boardId, ...data } },
      };
    },
  });
  commandRoute(app, {
    url: '/boards/:boardId/reports',
    permission: 'manage',
    tags: ['commands'],
    summary: 'Present a further report to a board (manager)',
    params: BoardParams,
    body: PresentBoardReportBody,
    build: ({ boardId }, { effectiveOn: _e, onBehalfOf: _o, ...data }) => ({
      id: boardId,
      streamId: streamIdOf('board', boardId),
      defaultEffectiveOn: data.boardDate,
      command: { type: 'PresentBoardReport', data: { boardId, ...data } },
    }),
  });
};
