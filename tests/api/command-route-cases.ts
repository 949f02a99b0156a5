import { json, post } from './factories.js';
import { fixed, itemCase, newBoard, nextNumber, type RouteCase } from './route-case.js';

/** Every command route of the API: inspections, plans, items, boards and corrections (keys and the import are in route-cases.ts). */
export const COMMAND_ROUTE_CASES: RouteCase[] = [
  fixed('POST', '/inspections', 'manage', 201, {
    title: 'Matrix inspection',
    inspectorate: 'HMIC',
    effectiveOn: '2011-01-01',
  }),
  {
    method: 'POST',
    path: '/plans',
    permission: 'manage',
    success: 201,
    prepare: async ({ ids }) => ({
      url: '/plans',
      body: {
        inspectionId: ids.inspectionId,
        portfolio: `Portfolio ${nextNumber()}`,
        effectiveOn: '2011-01-01',
      },
    }),
  },
  {
    method: 'POST',
    path: '/plans/{planId}/owners',
    permission: 'manage',
    success: 201,
    prepare: async ({ ids }) => ({
      url: `/plans/${ids.tpPlanId}/owners`,
      body: { planOwner: `Owner ${nextNumber()}` },
    }),
  },
  {
    method: 'POST',
    path: '/items',
    permission: 'manage',
    success: 201,
    prepare: async ({ ids }) => ({
      url: '/items',
      body: {
        inspectionId: ids.inspectionId,
        planId: ids.tpPlanId,
        ref: `N.${nextNumber()}`,
        kind: 'recommendation',
        text: 'New',
        effectiveOn: '2011-01-01',
      },
    }),
  },
  itemCase('owners', 'manage', {
    strategicLead: 'ACC TP',
    actionOwner: 'Supt Ops',
    effectiveOn: '2011-01-02',
  }),
  itemCase('due-date', 'manage', {
    dueDate: '2011-03-31',
    reason: 'escalated by PRG',
    escalated: true,
    effectiveOn: '2011-01-02',
  }),
  itemCase('response', 'contribute', { response: 'We will do it.', effectiveOn: '2011-01-02' }),
  itemCase('updates', 'contribute', { text: 'Work is under way.', effectiveOn: '2011-01-02' }),
  itemCase('rag', 'contribute', { to: 'AMBER', effectiveOn: '2011-01-02' }),
  itemCase('complete', 'manage', { evidence: 'Policy published.', effectiveOn: '2011-01-02' }),
  itemCase('reopen', 'manage', { reason: 'Audit found gaps', effectiveOn: '2011-02-01' }, (ctx, itemId) =>
    post(ctx.ledger.app, ctx.ledger.tokens.admin, `/items/${itemId}/complete`, { effectiveOn: '2011-01-02' }),
  ),
  itemCase('not-applicable', 'manage', {
    reason: 'To be progressed by the Home Office',
    effectiveOn: '2011-01-02',
  }),
  {
    ...itemCase('transfer', 'manage', null),
    async prepare(ctx) {
      const itemId = await ctx.freshItem();
      return {
        url: `/items/${itemId}/transfer`,
        body: { toPlanId: ctx.ids.psPlanId, effectiveOn: '2011-01-02' },
      };
    },
  },
  {
    ...itemCase('joint-allocation', 'manage', null),
    async prepare(ctx) {
      const itemId = await ctx.freshItem();
      return {
        url: `/items/${itemId}/joint-allocation`,
        body: { withPlanIds: [ctx.ids.psPlanId], leadPlanId: ctx.ids.tpPlanId, effectiveOn: '2011-01-02' },
      };
    },
  },
  {
    method: 'POST',
    path: '/boards',
    permission: 'manage',
    success: 201,
    prepare: async ({ ids }) => ({
      url: '/boards',
      body: { boardName: 'PRG', boardDate: '2011-04-27', planIds: [ids.tpPlanId] },
    }),
  },
  {
    method: 'POST',
    path: '/boards/{boardId}/reports',
    permission: 'manage',
    success: 201,
    async prepare({ ledger, ids }) {
      const boardId = await newBoard({ ledger, ids });
      return {
        url: `/boards/${boardId}/reports`,
        body: { boardName: 'PRG', boardDate: '2011-05-25', planIds: [ids.tpPlanId] },
      };
    },
  },
  ...(['corrections', 'retractions'] as const).map(
    (kind): RouteCase => ({
      method: 'POST',
      path: `/streams/{streamId}/${kind}`,
      permission: 'administer',
      success: 201,
      async prepare(ctx) {
        const itemId = await ctx.freshItem();
        const update = await post(ctx.ledger.app, ctx.ledger.tokens.admin, `/items/${itemId}/updates`, {
          text: 'Typo hree',
          effectiveOn: '2011-01-02',
        });
        const events = json(update).events;
        const first = Array.isArray(events) ? events[0] : undefined;
        const eventId = first && typeof first === 'object' && 'eventId' in first ? String(first.eventId) : '';
        return {
          url: `/streams/item-${itemId}/${kind}`,
          body:
            kind === 'corrections'
              ? {
                  correctsEventId: eventId,
                  fields: { text: 'Typo here' },
                  reason: 'typo',
                  effectiveOn: '2011-01-03',
                }
              : { retractsEventId: eventId, reason: 'posted to the wrong item', effectiveOn: '2011-01-03' },
        };
      },
    }),
  ),
];
