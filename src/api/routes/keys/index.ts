import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../../auth/principal.js';
import { principalOf } from '../../auth.js';
import { CreatedKey, CreateKeyBody, KeyInfo, KeyList, KeyParams, KeyScopeBody } from './schema.js';

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
      const principal = principalOf(request);
      const created = await app.ledger.keys.create(
        request.body,
        principal.keyId,
        actorOf(principal, request.id),
      );
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
      const revoked = await app.ledger.keys.revoke(
        request.params.keyId,
        actorOf(principalOf(request), request.id),
      );
      // Its live streams here end now; other instances end theirs when the revocation reaches them.
      app.ledger.streams.endKey(revoked.keyId);
      return revoked;
    },
  );
  app.post(
    '/keys/:keyId/scope',
    {
      config: { permission: 'administer' },
      schema: {
        tags: ['keys'],
        summary: "Change an API key's role and portfolios; every instance applies it at once (admin)",
        params: KeyParams,
        body: KeyScopeBody,
        response: { 200: KeyInfo },
      },
    },
    async (request) =>
      app.ledger.keys.changeScope(
        request.params.keyId,
        request.body,
        actorOf(principalOf(request), request.id),
      ),
  );
};
