import { consistencyProof, inclusionProof, MerkleAccumulator } from '../lib/merkle.js';
import type { EventStore } from '../store/event-store.js';
import { readLogPages } from '../store/read-log.js';
import type { ConsistencyProof, InclusionProof, LedgerDigest } from './ledger-proofs.js';

/**
 * The ledger's Merkle tree kept up to date incrementally: each call reads only the events
 * appended since the last, so a digest for every board report, or on every GET, costs the
 * new events, not the whole log. Holds the leaf hashes (32 bytes per event) for proofs.
 */
export class DigestTracker {
  private readonly tree = new MerkleAccumulator();
  private readonly leaves: Buffer[] = [];
  private readonly positions: number[] = [];
  private catching: Promise<void> | null = null;

  constructor(private readonly store: EventStore) {}

  /** Reads what was appended since the last call (one catch-up at a time). */
  async catchUp(): Promise<void> {
    this.catching ??= (async () => {
      const after = this.positions.at(-1) ?? -1;
      for await (const page of readLogPages(this.store, { pageSize: 5000, after })) {
        for (const event of page) {
          if (event.position <= (this.positions.at(-1) ?? -1)) continue;
          const leaf = Buffer.from(event.hash, 'hex');
          this.tree.add(leaf);
          this.leaves.push(leaf);
          this.positions.push(event.position);
        }
      }
    })().finally(() => {
      this.catching = null;
    });
    await this.catching;
  }

  /** The digest of everything committed now, and the position of its last event. */
  async current(): Promise<LedgerDigest & { headPosition: number }> {
    await this.catchUp();
    return {
      treeSize: this.tree.size,
      rootHash: this.tree.root().toString('hex'),
      headPosition: this.positions.at(-1) ?? -1,
    };
  }

  /** The digest as of the last catch-up, without reading the store (a board report's). */
  snapshot(): LedgerDigest {
    return { treeSize: this.tree.size, rootHash: this.tree.root().toString('hex') };
  }

  /** Consistency of the tree of `oldSize` with today's. */
  async consistency(oldSize: number): Promise<ConsistencyProof> {
    const now = await this.current();
    if (oldSize > now.treeSize) {
      throw new RangeError(
        `the ledger holds ${now.treeSize} events, fewer than the old tree size ${oldSize}`,
      );
    }
    return {
      oldSize,
      newSize: now.treeSize,
      newRootHash: now.rootHash,
      proof: consistencyProof(oldSize, this.leaves).map((b) => b.toString('hex')),
    };
  }

  /** The audit path of the event at `position` in today's tree; null when there is none. */
  async inclusion(position: number): Promise<InclusionProof | null> {
    const now = await this.current();
    const index = this.positions.indexOf(position);
    if (index < 0) return null;
    return {
      index,
      position,
      eventHash: this.leaves[index]?.toString('hex') ?? '',
      treeSize: now.treeSize,
      rootHash: now.rootHash,
      proof: inclusionProof(index, this.leaves).map((b) => b.toString('hex')),
    };
  }
}
