import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commandRoute } from '../../command-route.js';
import { CorrectEntryBody, RetractEntryBody, StreamParams } from './schema.js';

/** Corrections and retractions (admin): the original stays in the log, readers apply the fix. */
export const correctionRoutes: FastifyPluginAsyncZod = async (app) => {
  commandRoute(app, {
    url: '/streams/:streamId/corrections',
    permission: 'administer',
    tags: ['commands'],
    summary: 'Correct an earlier event of a stream (admin)',
    params: StreamParams,
    body: CorrectEntryBody,
    build: ({ streamId }, { correctsEventId, fields, correctedEffectiveOn, reason }) => ({
      streamId,
      command: {
        type: 'CorrectEntry',
        data: { correctsEventId, fields, effectiveOn: correctedEffectiveOn, reason },
      },
    }),
  });
  commandRoute(app, {
    url: '/streams/:streamId/retractions',
    permission: 'administer',
    tags: ['commands'],
    summary: 'Retract an earlier event of a stream (admin)',
    params: StreamParams,
    body: RetractEntryBody,
    build: ({ streamId }, { retractsEventId, reason }) => ({
      streamId,
      command: { type: 'RetractEntry', data: { retractsEventId, reason } },
    }),
  });
};
