import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SignedDigest, signDigest } from '../../../app/signed-digest.js';
import { NotFoundError, ValidationError } from '../../../errors.js';
import { ConsistencyAnswer, ConsistencyQuery, InclusionAnswer, PositionParams, PublicKey } from './schema.js';

/**
 * Anchors: a signed digest of the whole ledger, the key that signs it, and RFC 6962 proofs
 * that an old digest is a prefix of today's ledger (consistency) or that one event is in it
 * (inclusion). Someone holding an old signed digest can thus prove, without trusting the
 * file, that nothing before it was rewritten or deleted.
 */
export const ledgerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ledger/digest',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['ledger'],
        summary: 'The signed Merkle digest of the ledger now: tree size, root, head position, time',
        response: { 200: SignedDigest },
      },
    },
    async () => {
      const now = await app.ledger.digests.current();
      return signDigest(
        { ...now, signedAt: app.ledger.clock().toISOString(), keyId: app.ledger.signingKey.keyId },
        app.ledger.signingKey,
      );
    },
  );

  app.get(
    '/ledger/public-key',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['ledger'],
        summary: 'The Ed25519 public key that signs ledger digests',
        response: { 200: PublicKey },
      },
    },
    async () => ({
      keyId: app.ledger.signingKey.keyId,
      algorithm: 'Ed25519' as const,
      publicKeyPem: app.ledger.signingKey.publicKeyPem,
    }),
  );

  app.get(
    '/ledger/consistency',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['ledger'],
        summary: 'RFC 6962 consistency proof from an older tree size to today',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyAnswer },
      },
    },
    async (request) => {
      const now = await app.ledger.digests.current();
      if (request.query.from > now.treeSize) {
        throw new ValidationError('from is larger than the ledger', [
          {
            path: 'query.from',
            message: `is ${request.query.from}, but the ledger holds ${now.treeSize} events: a digest that large is not of this ledger, or events were deleted`,
          },
        ]);
      }
      return app.ledger.digests.consistency(request.query.from);
    },
  );

  app.get(
    '/events/:position/proof',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['ledger'],
        summary: 'RFC 6962 inclusion proof of one event in the ledger today',
        params: PositionParams,
        response: { 200: InclusionAnswer },
      },
    },
    async (request) => {
      const proof = await app.ledger.digests.inclusion(request.params.position);
      if (proof === null) throw new NotFoundError('event at position', String(request.params.position));
      return proof;
    },
  );
};
