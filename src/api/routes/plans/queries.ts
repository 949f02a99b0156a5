import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { planVersion } from '../../../../projections/plan-version.js';
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
import type { AnswerVersion } from '../../answer-caching.js';
import { writeAnswersWith } from '../../answer-writers.js';
import { PlanParams } from '../commands/schema.js';
import { ItemTexts, planAnswerText } from './plan-answer-json.js';

/**
 * A plan's answer is kept until an event on the plan or one of its items (planVersion): writes
 * to other plans leave it cached.
 */
const planAnswerVersion: AnswerVersion = (params, index) => {
  const parsed = PlanParams.safeParse(params);
  return parsed.success ? planVersion(index, parsed.data.planId) : index.position;
};

/** A plan answer is written with its items' texts kept (plan-answer-json.ts), not stringified whole. */
const itemTexts = new ItemTexts();
writeAnswersWith(GetPlanResult, (answer) => planAnswerText(answer, itemTexts));

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
      config: { permission: 'read', answerCache: { version: planAnswerVersion } },
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
