import { z } from 'zod';
import { Instant, Sha256Hex } from '../domain/fields.js';
import { canonicalJson } from '../lib/canonical-json.js';
import type { SigningKey } from './signing-key.js';
import { verifySignature } from './signing-key.js';

/** What a signed digest states; the signature covers exactly its canonical JSON. */
export const DigestStatement = z.strictObject({
  /** Number of events the digest covers (the first `treeSize` in global order). */
  treeSize: z.number().int().nonnegative(),
  /** RFC 6962 Merkle root over their hashes, hex. */
  rootHash: Sha256Hex,
  /** Position of the last event covered; -1 for an empty ledger. */
  headPosition: z.number().int().min(-1),
  /** When the server signed it (its clock). */
  signedAt: Instant,
  /** Which key signed it (GET /ledger/public-key). */
  keyId: z.string().min(1),
});
export type DigestStatement = z.infer<typeof DigestStatement>;

/** A digest the server vouches for: keep it (it is small) and check it later with `ledger verify --against`. */
export const SignedDigest = DigestStatement.extend({
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  signature: z.string().min(1),
  algorithm: z.literal('Ed25519'),
});
export type SignedDigest = z.infer<typeof SignedDigest>;

export function signDigest(statement: DigestStatement, key: SigningKey): SignedDigest {
  return { ...statement, signature: key.sign(canonicalJson(statement)), algorithm: 'Ed25519' };
}

/** True when the signature is the given key's, over exactly these fields. */
export function signatureHolds(digest: SignedDigest, publicKeyPem: string): boolean {
  const { signature, algorithm: _a, ...statement } = digest;
  return verifySignature(publicKeyPem, canonicalJson(statement), signature);
}
