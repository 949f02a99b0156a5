import { consistencyProof, inclusionProof, MerkleAccumulator } from '../lib/merkle.js';
import type { EventStore } from '../store/event-store.js';
import { readLogPages } from '../store/read-log.js';

/** A fingerprint of the whole ledger: the Merkle root over the first `treeSize` events. */
export interface LedgerDigest {
  treeSize: number;
  /** RFC 6962 root over the event hashes in global order, hex. */
  rootHash: string;
}

export interface ConsistencyProof {
  oldSize: number;
  newSize: number;
  newRootHash: string;
  /** RFC 6962 consistency proof nodes, hex. */
  proof: string[];
}

export interface InclusionProof {
  /** The event's index among the ledger's events (0-based, global order). */
  index: number;
  position: number;
  eventHash: string;
  treeSize: number;
  rootHash: string;
  /** RFC 6962 audit path, hex. */
  proof: string[];
}

/** Every event hash in global order, as bytes, with positions (one pass over the log). */
async function leaves(store: EventStore, limit?: number): Promise<{ hashes: Buffer[]; positions: number[] }> {
  const hashes: Buffer[] = [];
  const positions: number[] = [];
  for await (const page of readLogPages(store, { pageSize: 5000 })) {
    for (const event of page) {
      if (limit !== undefined && hashes.length >= limit) return { hashes, positions };
      hashes.push(Buffer.from(event.hash, 'hex'));
      positions.push(event.position);
    }
  }
  return { hashes, positions };
}

const rootOf = (hashes: Buffer[]): string => {
  const tree = new MerkleAccumulator();
  for (const h of hashes) tree.add(h);
  return tree.root().toString('hex');
};

/** The digest over the first `treeSize` events (default: all of them). */
export async function computeDigest(store: EventStore, treeSize?: number): Promise<LedgerDigest> {
  const tree = new MerkleAccumulator();
  for await (const page of readLogPages(store, { pageSize: 5000 })) {
    for (const event of page) {
      if (treeSize !== undefined && tree.size >= treeSize) break;
      tree.add(Buffer.from(event.hash, 'hex'));
    }
    if (treeSize !== undefined && tree.size >= treeSize) break;
  }
  if (treeSize !== undefined && tree.size < treeSize) {
    throw new RangeError(
      `the ledger holds ${tree.size} events, fewer than the tree size ${treeSize} asked for`,
    );
  }
  return { treeSize: tree.size, rootHash: tree.root().toString('hex') };
}

/** Proves that the ledger as it was at `oldSize` events is a prefix of the ledger at `newSize` (default: today). */
export async function proveConsistency(
  store: EventStore,
  oldSize: number,
  newSize?: number,
): Promise<ConsistencyProof> {
  const { hashes } = await leaves(store, newSize);
  if (oldSize > hashes.length) {
    throw new RangeError(`the ledger holds ${hashes.length} events, fewer than the old tree size ${oldSize}`);
  }
  return {
    oldSize,
    newSize: hashes.length,
    newRootHash: rootOf(hashes),
    proof: consistencyProof(oldSize, hashes).map((b) => b.toString('hex')),
  };
}

/** Proves the event at `position` is in the ledger's tree of `treeSize` events (default: today's). */
export async function proveInclusion(
  store: EventStore,
  position: number,
  treeSize?: number,
): Promise<InclusionProof | null> {
  const { hashes, positions } = await leaves(store, treeSize);
  const index = positions.indexOf(position);
  if (index < 0) return null;
  return {
    index,
    position,
    eventHash: hashes[index]?.toString('hex') ?? '',
    treeSize: hashes.length,
    rootHash: rootOf(hashes),
    proof: inclusionProof(index, hashes).map((b) => b.toString('hex')),
  };
}
