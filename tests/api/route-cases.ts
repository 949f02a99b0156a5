import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { COMMAND_ROUTE_CASES } from './command-route-cases.js';
import { fixed, newBoard, type RouteCase } from './route-case.js';

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
  ...COMMAND_ROUTE_CASES,
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
      const boardId = await newBoard({ ledger, ids });
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
