import { z } from 'zod';
import { Sha256Hex } from '../../../domain/fields.js';

/** The server's signing key, to check signed digests with. */
export const PublicKey = z.strictObject({
  keyId: z.string(),
  algorithm: z.literal('Ed25519'),
  /** SPKI, PEM. */
  publicKeyPem: z.string(),
});

export const ConsistencyQuery = z.strictObject({
  /** The tree size of the older digest (the one you hold). */
  from: z.coerce.number().int().nonnegative(),
});

/** RFC 6962 consistency proof from the tree of `oldSize` to today's. */
export const ConsistencyAnswer = z.strictObject({
  oldSize: z.number().int(),
  newSize: z.number().int(),
  newRootHash: Sha256Hex,
  proof: z.array(Sha256Hex),
});

export const PositionParams = z.strictObject({
  position: z.coerce.number().int().nonnegative(),
});

/** RFC 6962 inclusion proof (audit path) of one event in today's tree. */
export const InclusionAnswer = z.strictObject({
  index: z.number().int(),
  position: z.number().int(),
  eventHash: Sha256Hex,
  treeSize: z.number().int(),
  rootHash: Sha256Hex,
  proof: z.array(Sha256Hex),
});
