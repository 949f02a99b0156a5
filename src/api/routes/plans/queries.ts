import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  GetPlanParams,
  GetPlanResult,
  GetPlansResult,
  getPlan,
  getPlans,
  ListPlansParams,
  ListPlansResult,
  listPlans,
} from '../../../../projections/runtime/queries.js';
import { PlanParams } from '../commands/schema.js';

const TIME = 'At business date `asOf` (default today) as known at `knownAt` (default now).';

/** Plan reads: the list, one plan with its items, and every plan at a point in time. */
export const planQueryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/plans',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: 'Every plan with its item counts',
        description: TIME,
        querystring: ListPlansParams,
        response: { 200: ListPlansResult },
      },
    },
    async (request) => listPlans(app.ledger.projections, request.query),
  );
  app.get(
    '/snapshot',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: 'Every plan with all its items: the ledger as it stood at a point in time',
        description: TIME,
        querystring: ListPlansParams,
        response: { 200: GetPlansResult },
      },
    },
    async (request) => getPlans(app.ledger.projections, request.query),
  );
  app.get(
    '/plans/:planId',
    {
      config: { permission: 'read', answerCache: true },
      schema: {
        tags: ['queries'],
        summary: 'One plan with its items',
        description: TIME,
        params: PlanParams,
        querystring: GetPlanParams,
        response: { 200: GetPlanResult },
      },
    },
    async (request) => getPlan(app.ledger.projections, request.params.planId, request.query),
  );
};
