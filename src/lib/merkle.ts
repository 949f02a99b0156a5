import { createHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree over the ledger's event hashes in global order. The domain
 * separation bytes (0x00 leaf, 0x01 node) stop a leaf from being passed off as a subtree.
 */

const sha256 = (...parts: Buffer[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (data: Buffer): Buffer => sha256(LEAF, data);
export const nodeHash = (left: Buffer, right: Buffer): Buffer => sha256(NODE, left, right);
export const EMPTY_ROOT = sha256();

/** Largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[lo:hi]) over already leaf-hashed entries. */
function subtreeRoot(leaves: Buffer[], lo: number, hi: number): Buffer {
  const n = hi - lo;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[lo]!;
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(leaves, lo, lo + k), subtreeRoot(leaves, lo + k, hi));
}

/**
 * Incremental root: add leaves one at a time and read the root at any size, in O(log n) memory.
 * This is how a digest is computed over a million events without holding them all.
 */
export class MerkleAccumulator {
  /** Roots of perfect subtrees, largest first; their sizes are the set bits of `size`. */
  private readonly stack: { size: number; hash: Buffer }[] = [];
  size = 0;

  /** Adds one entry (its raw bytes; the leaf hash is taken here). */
  add(data: Buffer): void {
    let node = { size: 1, hash: leafHash(data) };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): Buffer {
    if (this.stack.length === 0) return EMPTY_ROOT;
    // RFC 6962 splits at the largest power of two, so the perfect subtrees fold right to left
    let hash = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = nodeHash(this.stack[i]!.hash, hash);
    return hash;
  }
}

/** The root over raw entries. */
export function merkleRoot(entries: Buffer[]): Buffer {
  return subtreeRoot(entries.map(leafHash), 0, entries.length);
}

/** RFC 6962 §2.1.2 consistency proof that the first `m` entries are a prefix of all `entries`. */
export function consistencyProof(m: number, entries: Buffer[]): Buffer[] {
  const n = entries.length;
  if (m < 0 || m > n) throw new RangeError(`tree size ${m} is outside 0..${n}`);
  if (m === 0 || m === n) return [];
  const leaves = entries.map(leafHash);
  const proof: Buffer[] = [];
  const sub = (mm: number, lo: number, hi: number, complete: boolean): void => {
    const size = hi - lo;
    if (mm === size) {
      if (!complete) proof.push(subtreeRoot(leaves, lo, hi));
      return;
    }
    const k = splitPoint(size);
    if (mm <= k) {
      sub(mm, lo, lo + k, complete);
      proof.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      sub(mm - k, lo + k, hi, false);
      proof.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  sub(m, 0, n, true);
  return proof;
}

/**
 * RFC 9162 §2.1.4.2: checks that a tree of size `m` with root `firstRoot` is a prefix of the
 * tree of size `n` with root `secondRoot`. An outside party holding an old digest runs this
 * to learn that nothing before it was rewritten.
 */
export function verifyConsistency(
  m: number,
  n: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: Buffer[],
): boolean {
  if (m < 0 || n < m) return false;
  if (m === n) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (m === 0) return proof.length === 0;
  const path = (m & (m - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/** RFC 6962 §2.1.1 audit path: proves entry `index` is in the tree over all `entries`. */
export function inclusionProof(index: number, entries: Buffer[]): Buffer[] {
  const n = entries.length;
  if (index < 0 || index >= n) throw new RangeError(`index ${index} is outside 0..${n - 1}`);
  const leaves = entries.map(leafHash);
  const path: Buffer[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    if (hi - lo <= 1) return;
    const k = splitPoint(hi - lo);
    if (m < k) {
      walk(m, lo, lo + k);
      path.push(subtreeRoot(leaves, lo + k, hi));
    } else {
      walk(m - k, lo + k, hi);
      path.push(subtreeRoot(leaves, lo, lo + k));
    }
  };
  walk(index, 0, n);
  return path;
}

/** RFC 9162 §2.1.3.2: checks an audit path for the entry at `index` (its raw bytes) in a tree of `size`. */
export function verifyInclusion(
  index: number,
  size: number,
  entry: Buffer,
  root: Buffer,
  proof: Buffer[],
): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash(entry);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn & 1 || fn === sn) {
      r = nodeHash(p, r);
      if (!(fn & 1)) {
        while (!(fn & 1) && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}
