import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandDef, commandOptions, runCommand } from '../../command-route.js';
import { PlanParams } from '../commands/schema.js';
import { ChangePlanOwnerBody, OpenPlanBody } from './schema.js';

/** Plan commands: opening a portfolio's plan and changing its owners (managers). */
export const planCommandRoutes: FastifyPluginAsyncZod = async (app) => {
  const openPlan = commandDef({
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
  app.post(openPlan.url, commandOptions(openPlan), (request, reply) =>
    runCommand(app, request, reply, openPlan, request.params, request.body, request.headers),
  );

  const changePlanOwner = commandDef({
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
  app.post(changePlanOwner.url, commandOptions(changePlanOwner), (request, reply) =>
    runCommand(app, request, reply, changePlanOwner, request.params, request.body, request.headers),
  );
};
