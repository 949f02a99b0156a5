import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commandDef, commandOptions, runCommand } from '../../command-route.js';
import { CorrectEntryBody, RetractEntryBody, StreamParams } from './schema.js';

/** Corrections and retractions (admin): the original stays in the log, readers apply the fix. */
export const correctionRoutes: FastifyPluginAsyncZod = async (app) => {
  const correctEntry = commandDef({
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
  app.post(correctEntry.url, commandOptions(correctEntry), (request, reply) =>
    runCommand(app, request, reply, correctEntry, request.params, request.body, request.headers),
  );
  const retractEntry = commandDef({
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
  app.post(retractEntry.url, commandOptions(retractEntry), (request, reply) =>
    runCommand(app, request, reply, retractEntry, request.params, request.body, request.headers),
  );
};
