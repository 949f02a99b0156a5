import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  GetItemParams,
  GetItemResult,
  getItem,
  ItemHistoryParams,
  ItemHistoryResult,
  itemHistory,
} from '../../../../projections/runtime/queries.js';
import { ItemParams } from '../commands/schema.js';

/** Item reads: its state at a point in time, and its audit trail. */
export const itemQueryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/items/:itemId',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: 'One item at business date asOf, as known at knownAt',
        params: ItemParams,
        querystring: GetItemParams,
        response: { 200: GetItemResult },
      },
    },
    async (request) => getItem(app.ledger.projections, request.params.itemId, request.query),
  );
  app.get(
    '/items/:itemId/history',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: "An item's audit trail: every event, who, when effective, when recorded, the state after",
        params: ItemParams,
        querystring: ItemHistoryParams,
        response: { 200: ItemHistoryResult },
      },
    },
    async (request) =>
      itemHistory(
        app.ledger.projections,
        request.params.itemId,
        request.query,
        (keyId) => app.ledger.keys.get(keyId)?.name ?? null,
      ),
  );
};
