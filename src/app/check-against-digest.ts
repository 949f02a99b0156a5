import type { EventStore } from '../store/event-store.js';
import { computeDigest } from './ledger-proofs.js';
import { type SignedDigest, signatureHolds } from './signed-digest.js';

export interface AgainstDigestReport {
  /** The saved digest is a prefix of today's ledger (nothing it covers was changed, moved or deleted). */
  consistent: boolean;
  /** `unchecked` when no public key was given. */
  signature: 'valid' | 'invalid' | 'unchecked';
  treeSize: number;
  ledgerSize: number;
  reason: string;
}

/**
 * Checks today's ledger against a digest saved earlier (GET /ledger/digest, a board report's,
 * a bundle's): recomputes the Merkle root over the first `treeSize` events and compares. This
 * catches what the file alone cannot show: its own last events deleted, or every hash
 * recomputed after a rewrite. The signature, when a public key is given, shows the digest is
 * the server's and was not edited to match.
 */
export async function checkAgainstDigest(
  store: EventStore,
  digest: SignedDigest,
  publicKeyPem: string | null,
): Promise<AgainstDigestReport> {
  const signature =
    publicKeyPem === null ? 'unchecked' : signatureHolds(digest, publicKeyPem) ? 'valid' : 'invalid';
  const ledgerSize = (await store.headPosition()) + 1;
  const base = { signature, treeSize: digest.treeSize, ledgerSize } as const;
  if (ledgerSize < digest.treeSize) {
    return {
      ...base,
      consistent: false,
      reason: `the ledger holds ${ledgerSize} events, fewer than the ${digest.treeSize} the digest covers: events were deleted from its end`,
    };
  }
  const prefix = await computeDigest(store, digest.treeSize);
  if (prefix.rootHash !== digest.rootHash) {
    return {
      ...base,
      consistent: false,
      reason: `the root over the first ${digest.treeSize} events is ${prefix.rootHash}, not the digest's ${digest.rootHash}: events it covers were changed, moved or deleted (run \`ledger verify\` to find which)`,
    };
  }
  return {
    ...base,
    consistent: signature !== 'invalid',
    reason:
      signature === 'invalid'
        ? 'the roots match, but the signature is not the given key’s: the digest file was edited or signed by another key'
        : `the first ${digest.treeSize} events are exactly those the digest covers; ${ledgerSize - digest.treeSize} were added since`,
  };
}
