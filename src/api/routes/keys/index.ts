import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../auth.js';
import { CreatedKey, CreateKeyBody, KeyInfo, KeyList, KeyParams } from './schema.js';

/** API key administration (admin). Tokens are shown once, in the 201 answer of POST /keys. */
export const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/keys',
    {
      config: { permission: 'administer' },
      schema: {
        tags: ['keys'],
        summary: 'Create an API key; the token is in this answer only (admin)',
        body: CreateKeyBody,
        response: { 201: CreatedKey },
      },
    },
    async (request, reply) => {
      const created = app.ledger.keys.create(request.body, principalOf(request).keyId);
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );
  app.get(
    '/keys',
    {
      config: { permission: 'administer' },
      schema: {
        tags: ['keys'],
        summary: 'List API keys, without secrets (admin)',
        response: { 200: KeyList },
      },
    },
    async () => ({ keys: app.ledger.keys.list() }),
  );
  app.post(
    '/keys/:keyId/revoke',
    {
      config: { permission: 'administer' },
      schema: {
        tags: ['keys'],
        summary: 'Revoke an API key; it stops working at once (admin)',
        params: KeyParams,
        response: { 200: KeyInfo },
      },
    },
    async (request) => {
      const revoked = app.ledger.keys.revoke(request.params.keyId);
      // Its live streams end now; other servers on the key file end theirs at their next sweep.
      app.ledger.streams.endKey(revoked.keyId);
      return revoked;
    },
  );
};
