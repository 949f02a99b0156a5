import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeDigest, proveConsistency } from '../../src/app/ledger-proofs.js';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { merkleRoot, verifyConsistency } from '../../src/lib/merkle.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvents, steppingClock, tempDir, uniqueStreamId } from '../store/factories.js';

describe('ledger verification and digests', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let path: string;
  let store: EventStore;

  beforeEach(async () => {
    dir = await tempDir('plan-ledger-verify-');
    path = join(dir.dir, 'ledger.sqlite');
    store = openSqliteStore({ path, clock: steppingClock() });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  async function givenThreeStreams() {
    const streams = [uniqueStreamId('item'), uniqueStreamId('item'), uniqueStreamId('plan')];
    for (const s of streams) await store.append(s, newEvents(4), { expectedRevision: 'no_stream' });
    await store.append(streams[0]!, newEvents(2), { expectedRevision: 3 });
    return streams;
  }

  it('given an untouched ledger, verify passes and the digest is the root over all event hashes', async () => {
    await givenThreeStreams();
    const report = await verifyLedger(store, { pageSize: 3 });
    const hashes = (await store.readAll()).map((e) => Buffer.from(e.hash, 'hex'));
    expect(report.ok).toBe(true);
    expect(report.eventsChecked).toBe(14);
    expect(report.streams).toBe(3);
    expect(report.digest).toEqual({ treeSize: 14, rootHash: merkleRoot(hashes).toString('hex') });
  });

  it('when a stored payload is rewritten behind the ledger, verify names that event', async () => {
    const [first] = await givenThreeStreams();
    const victim = (await store.readStream(first!))[1]!;
    const raw = new Database(path);
    raw
      .prepare('UPDATE events SET data = ? WHERE event_id = ?')
      .run(JSON.stringify({ note: 'forged', n: 1 }), victim.eventId);
    raw.close();
    const report = await verifyLedger(store);
    expect(report.ok).toBe(false);
    expect(report.firstFailure?.eventId).toBe(victim.eventId);
    expect(report.firstFailure?.reason).toMatch(/recomputed/);
  });

  it('when an operator rewrites and rehashes a stream, the old digest fails the consistency check', async () => {
    const [first] = await givenThreeStreams();
    const boardDigest = await computeDigest(store);
    await store.append(first!, newEvents(1), { expectedRevision: 5 });

    const honest = await proveConsistency(store, boardDigest.treeSize);
    expect(
      verifyConsistency(
        honest.oldSize,
        honest.newSize,
        Buffer.from(boardDigest.rootHash, 'hex'),
        Buffer.from(honest.newRootHash, 'hex'),
        honest.proof.map((p) => Buffer.from(p, 'hex')),
      ),
    ).toBe(true);

    // Rewrite the second event's hash (as if data and chain were recomputed by the operator)
    const victim = (await store.readAll())[1]!;
    const raw = new Database(path);
    raw.prepare('UPDATE events SET hash = ? WHERE event_id = ?').run('f'.repeat(64), victim.eventId);
    raw.close();
    const forged = await proveConsistency(store, boardDigest.treeSize);
    expect(
      verifyConsistency(
        forged.oldSize,
        forged.newSize,
        Buffer.from(boardDigest.rootHash, 'hex'),
        Buffer.from(forged.newRootHash, 'hex'),
        forged.proof.map((p) => Buffer.from(p, 'hex')),
      ),
    ).toBe(false);
  });

  it('given a tree size larger than the ledger, digest says how many events there are', async () => {
    await givenThreeStreams();
    await expect(computeDigest(store, 100)).rejects.toThrow(/holds 14 events/);
  });
});
