import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Permission } from '../../src/auth/roles.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { json, post, type Seeded, type TestLedger } from './factories.js';

/** A request ready to send: the concrete URL, and a JSON body for POSTs. */
export interface PreparedRequest {
  url: string;
  body?: unknown;
}

/**
 * One route of the API for the authorisation matrix: what it needs, what it answers when
 * allowed, and how to make a fresh, valid request for it (so every allowed role gets the
 * success status, not a business-rule refusal left over from another role's request).
 */
export interface RouteCase {
  method: 'GET' | 'POST';
  /** As OpenAPI names it, e.g. `/items/{itemId}/rag`. */
  path: string;
  permission: Permission;
  /** A contributor key may use it only on items of its portfolios. */
  scoped?: boolean;
  /** Not in the OpenAPI document (the document itself, the docs UI, the dashboard page). */
  hidden?: boolean;
  success: number;
  prepare(ctx: CaseContext): Promise<PreparedRequest>;
}

export interface CaseContext {
  ledger: TestLedger;
  ids: Seeded;
  /** A new open item in the Territorial Policing plan (the matrix contributor's portfolio). */
  freshItem(): Promise<string>;
}

let counter = 0;

async function idOf(pending: ReturnType<typeof post>): Promise<string> {
  const response = await pending;
  const id = json(response).id;
  if (response.statusCode !== 201 || typeof id !== 'string')
    throw new Error(`prepare failed: ${response.body}`);
  return id;
}

export function caseContext(ledger: TestLedger, ids: Seeded): CaseContext {
  return {
    ledger,
    ids,
    freshItem: () =>
      idOf(
        post(ledger.app, ledger.tokens.admin, '/items', {
          inspectionId: ids.inspectionId,
          planId: ids.tpPlanId,
          ref: `M.${++counter}`,
          kind: 'recommendation',
          text: 'A matrix item',
          effectiveOn: '2010-11-03',
        }),
      ),
  };
}

const itemCase = (
  suffix: string,
  permission: Permission,
  body: unknown,
  before?: (ctx: CaseContext, itemId: string) => Promise<unknown>,
): RouteCase => ({
  method: 'POST',
  path: `/items/{itemId}/${suffix}`,
  permission,
  scoped: permission === 'contribute',
  success: 201,
  async prepare(ctx) {
    const itemId = await ctx.freshItem();
    if (before) await before(ctx, itemId);
    return { url: `/items/${itemId}/${suffix}`, body };
  },
});

const fixed = (
  method: 'GET' | 'POST',
  path: string,
  permission: Permission,
  success: number,
  body?: unknown,
): RouteCase => ({
  method,
  path,
  permission,
  success,
  prepare: async () => ({ url: path, ...(body !== undefined ? { body } : {}) }),
});

/** Every route of the API. The matrix test checks this list against the OpenAPI document. */
export const ROUTE_CASES: RouteCase[] = [
  fixed('GET', '/health', 'public', 200),
  { ...fixed('GET', '/openapi.json', 'public', 200), hidden: true },
  { ...fixed('GET', '/docs', 'public', 200), hidden: true },
  { ...fixed('GET', '/', 'public', 200), hidden: true },
  fixed('GET', '/events', 'read', 200),
  fixed('GET', '/ledger/digest', 'read', 200),
  fixed('GET', '/ledger/public-key', 'read', 200),
  {
    method: 'GET',
    path: '/ledger/consistency',
    permission: 'read',
    success: 200,
    prepare: async () => ({ url: '/ledger/consistency?from=1' }),
  },
  {
    method: 'GET',
    path: '/events/{position}/proof',
    permission: 'read',
    success: 200,
    prepare: async () => ({ url: '/events/0/proof' }),
  },
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
        portfolio: `Portfolio ${++counter}`,
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
      body: { planOwner: `Owner ${++counter}` },
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
        ref: `N.${++counter}`,
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
      const boardId = await idOf(
        post(ledger.app, ledger.tokens.admin, '/boards', {
          boardName: 'PRG',
          boardDate: '2011-04-27',
          planIds: [ids.tpPlanId],
        }),
      );
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
  fixed('GET', '/keys', 'administer', 200),
  fixed('POST', '/keys', 'administer', 201, { name: 'made in the matrix', role: 'viewer' }),
  {
    method: 'POST',
    path: '/keys/{keyId}/revoke',
    permission: 'administer',
    success: 200,
    async prepare({ ledger }) {
      const { key } = await ledger.keys.create({ name: 'to revoke', role: 'viewer' }, 'test');
      return { url: `/keys/${key.keyId}/revoke` };
    },
  },
  {
    method: 'POST',
    path: '/keys/{keyId}/scope',
    permission: 'administer',
    success: 200,
    async prepare({ ledger }) {
      const { key } = await ledger.keys.create({ name: 'to re-scope', role: 'viewer' }, 'test');
      return { url: `/keys/${key.keyId}/scope`, body: { role: 'manager' } };
    },
  },
  fixed('GET', '/plans', 'read', 200),
  fixed('GET', '/snapshot', 'read', 200),
  {
    method: 'GET',
    path: '/plans/{planId}',
    permission: 'read',
    success: 200,
    prepare: async ({ ids }) => ({ url: `/plans/${ids.tpPlanId}?asOf=2011-01-01&knownAt=2011-05-01` }),
  },
  {
    method: 'GET',
    path: '/items/{itemId}',
    permission: 'read',
    success: 200,
    prepare: async ({ ids }) => ({ url: `/items/${ids.tpItemId}` }),
  },
  {
    method: 'GET',
    path: '/items/{itemId}/history',
    permission: 'read',
    success: 200,
    prepare: async ({ ids }) => ({ url: `/items/${ids.tpItemId}/history` }),
  },
  fixed('GET', '/board-summary', 'read', 200),
  {
    method: 'GET',
    path: '/board-summary/items',
    permission: 'read',
    success: 200,
    prepare: async () => ({ url: '/board-summary/items?row=areasForImprovement&column=total' }),
  },
  fixed('GET', '/board-reports', 'read', 200),
  {
    method: 'GET',
    path: '/boards/{boardId}/reports/{revision}/verification',
    permission: 'read',
    success: 200,
    async prepare({ ledger, ids }) {
      const boardId = await idOf(
        post(ledger.app, ledger.tokens.admin, '/boards', {
          boardName: 'PRG',
          boardDate: '2011-04-27',
          planIds: [ids.tpPlanId],
        }),
      );
      return { url: `/boards/${boardId}/reports/0/verification` };
    },
  },
  {
    ...fixed('GET', '/changes', 'read', 200),
    prepare: async () => ({ url: '/changes?from=2010-01-01&to=2011-05-01' }),
  },
  fixed('GET', '/overdue', 'read', 200),
  fixed('GET', '/inspections', 'read', 200),
  {
    method: 'GET',
    path: '/exports/{kind}',
    permission: 'read',
    success: 200,
    prepare: async ({ ids }) => ({ url: `/exports/plan?format=csv&planId=${ids.tpPlanId}` }),
  },
  {
    ...fixed('GET', '/rag-over-time', 'read', 200),
    prepare: async () => ({ url: '/rag-over-time?from=2010-11-01&to=2011-05-01' }),
  },
  {
    method: 'POST',
    path: '/import',
    permission: 'administer',
    success: 200,
    // A dry run: the route's whole pipeline runs for an admin, and nothing is appended.
    prepare: async () => ({
      url: '/import',
      body: {
        fileName: '002.txt',
        content: readFileSync(join(SEEDS_DIR, SEED_FILES['002']), 'utf8'),
        dryRun: true,
      },
    }),
  },
  fixed('POST', '/stream/tickets', 'read', 201),
  fixed('GET', '/stream', 'read', 200),
];
