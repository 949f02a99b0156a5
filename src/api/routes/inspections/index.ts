import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { streamIdOf } from '../../../domain/streams.js';
import { commandRoute } from '../../command-route.js';
import { RegisterInspectionBody } from './schema.js';

/** Inspections: the root every plan and item hangs from. */
export const inspectionRoutes: FastifyPluginAsyncZod = async (app) => {
  commandRoute(app, {
    url: '/inspections',
    permission: 'manage',
    tags: ['commands'],
    summary: 'Register an inspection report (manager)',
    params: z.strictObject({}),
    body: RegisterInspectionBody,
    build: (_params, { effectiveOn: _e, onBehalfOf: _o, ...data }, newId) => {
      const inspectionId = newId('inspection');
      return {
        id: inspectionId,
        streamId: streamIdOf('inspection', inspectionId),
        command: { type: 'RegisterInspection', data: { inspectionId, ...data } },
      };
    },
  });
};
