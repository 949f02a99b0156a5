import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandRoute } from '../../command-route.js';
import { PlanParams } from '../commands/schema.js';
import { ChangePlanOwnerBody, OpenPlanBody } from './schema.js';

/** Plan commands: opening a portfolio's plan and changing its owners (managers). */
export const planCommandRoutes: FastifyPluginAsyncZod = async (app) => {
  commandRoute(app, {
    url: '/plans',
    permission: 'manage',
    tags: ['commands'],
    summary: "Open a portfolio's improvement plan for an inspection (manager)",
    params: z.strictObject({}),
    body: OpenPlanBody,
    build: (_params, { effectiveOn: _e, onBehalfOf: _o, ...data }, newId) => {
      const planId = newId('plan');
      return { command: { type: 'OpenPlan', data: { planId, ...data } } };
    },
  });

  commandRoute(app, {
    url: '/plans/:planId/owners',
    permission: 'manage',
    tags: ['commands'],
    summary: 'Change the portfolio owner and/or plan owner (manager)',
    params: PlanParams,
    body: ChangePlanOwnerBody,
    build: ({ planId }, { portfolioOwner, planOwner }) => ({
      command: {
        type: 'ChangePlanOwner',
        data: {
          planId,
          ...(portfolioOwner !== undefined ? { portfolioOwner } : {}),
          ...(planOwner !== undefined ? { planOwner } : {}),
        },
      },
    }),
  });
};
