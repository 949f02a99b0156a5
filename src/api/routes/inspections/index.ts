import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ListInspectionsParams,
  ListInspectionsResult,
  listInspections,
} from '../../../../projections/runtime/queries.js';
import { commandDef, commandOptions, runCommand } from '../../command-route.js';
import { RegisterInspectionBody } from './schema.js';

/** Inspections: the root every plan and item hangs from. */
export const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/inspections',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: 'Every inspection registered, by title (pick one to narrow plans, summaries and exports)',
        querystring: ListInspectionsParams,
        response: { 200: ListInspectionsResult },
      },
    },
    async (request) => listInspections(app.ledger.projections, request.query),
  );
  const registerInspection = commandDef({
    url: '/inspections',
    permission: 'manage',
    tags: ['commands'],
    summary: 'Register an inspection report (manager)',
    params: z.strictObject({}),
    body: RegisterInspectionBody,
    build: (_params, { effectiveOn: _e, onBehalfOf: _o, ...data }, newId) => {
      const inspectionId = newId('inspection');
      return { command: { type: 'RegisterInspection', data: { inspectionId, ...data } } };
    },
  });
  app.post(registerInspection.url, commandOptions(registerInspection), (request, reply) =>
    runCommand(app, request, reply, registerInspection, request.params, request.body, request.headers),
  );
};
