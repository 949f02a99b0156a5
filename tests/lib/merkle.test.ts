import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  EMPTY_ROOT,
  leafHash,
  MerkleAccumulator,
  merkleRoot,
  nodeHash,
  verifyConsistency,
} from '../../src/lib/merkle.js';

const entry = (i: number) => createHash('sha256').update(`event ${i}`).digest();
const entries = (n: number) => Array.from({ length: n }, (_, i) => entry(i));

describe('Merkle tree (RFC 6962)', () => {
  it('given no entries, the root is the hash of the empty string', () => {
    expect(merkleRoot([]).toString('hex')).toBe(createHash('sha256').digest('hex'));
    expect(new MerkleAccumulator().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it('given three entries, the root splits at the largest power of two below the size', () => {
    const [a, b, c] = entries(3) as [Buffer, Buffer, Buffer];
    const expected = nodeHash(nodeHash(leafHash(a), leafHash(b)), leafHash(c));
    expect(merkleRoot([a, b, c]).equals(expected)).toBe(true);
  });

  it('when entries are added one by one, the incremental root equals the recursive root at every size', () => {
    const all = entries(70);
    const acc = new MerkleAccumulator();
    for (let n = 1; n <= all.length; n++) {
      acc.add(all[n - 1]!);
      expect(acc.root().equals(merkleRoot(all.slice(0, n))), `size ${n}`).toBe(true);
    }
  });

  it('given any two sizes m <= n up to 33, the consistency proof verifies', () => {
    const all = entries(33);
    for (let n = 1; n <= all.length; n++) {
      const newRoot = merkleRoot(all.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, all.slice(0, n));
        const ok = verifyConsistency(m, n, merkleRoot(all.slice(0, m)), newRoot, proof);
        expect(ok, `m=${m} n=${n}`).toBe(true);
      }
    }
  });

  it('when an early entry was rewritten, the old digest no longer verifies against the new tree', () => {
    const original = entries(20);
    const oldRoot = merkleRoot(original.slice(0, 7));
    const rewritten = [...original];
    rewritten[3] = entry(999);
    const proof = consistencyProof(7, rewritten);
    expect(verifyConsistency(7, 20, oldRoot, merkleRoot(rewritten), proof)).toBe(false);
  });

  it('when a proof node is tampered with, verification fails', () => {
    const all = entries(12);
    const proof = consistencyProof(5, all);
    proof[0] = entry(123);
    expect(verifyConsistency(5, 12, merkleRoot(all.slice(0, 5)), merkleRoot(all), proof)).toBe(false);
  });
});
