import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type GeneratedEvent, generateLedger, toNewEvent } from '../../../bench/generator.js';
import { AsOfIndex } from '../../../projections/as-of-index.js';
import { captureIndex, restoreIndex } from '../../../projections/index-image.js';
import { readSnapshotHeader } from '../../../projections/runtime/snapshot-header.js';
import { decodeSnapshot } from '../../../projections/runtime/snapshot-reader.js';
import { SnapshotStore } from '../../../projections/runtime/snapshot-store.js';
import type { LedgerEvent } from '../../../src/domain/ledger-event.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The generated ledger as the store would hand it out (revisions and positions in log order). */
function storedEvents(count: number): LedgerEvent[] {
  const revisions = new Map<string, number>();
  return generateLedger({ events: count, seed: 'snapshot' }).map((g: GeneratedEvent, position) => {
    const revision = revisions.get(g.streamId) ?? 0;
    revisions.set(g.streamId, revision + 1);
    const stored = {
      ...toNewEvent(g),
      streamId: g.streamId,
      revision,
      position,
      recordedAt: new Date(g.recordedAtMs).toISOString(),
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    };
    return stored as LedgerEvent; // generated bodies are schema-valid (tests/bench/generator.test.ts)
  });
}

const NOW = { asOf: '2030-01-01', knownAt: '2030-01-01T00:00:00.000Z' };

describe('snapshot writing in the background', () => {
  it('given a large index, when a snapshot is written, then reads and new events go on meanwhile and the file holds the index as taken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-snapshot-bg-'));
    dirs.push(dir);
    const events = storedEvents(14_000);
    const taken = 12_000;
    const index = new AsOfIndex();
    for (const e of events.slice(0, taken)) index.apply(e);
    const itemIds = [...index.items.keys()];

    // When: the snapshot is taken, and written while the loop keeps serving.
    const saver = new SnapshotStore(dir, 'as-of-index');
    let done = false;
    const writing = saver
      .write(captureIndex(index), { firstHash: null, position: -1, hash: null })
      .then(() => {
        done = true;
      });
    let turns = 0;
    let readsWhileWriting = 0;
    let maxGapMs = 0;
    let last = performance.now();
    for (let next = taken; !done; turns++) {
      await nextTurn();
      const now = performance.now();
      maxGapMs = Math.max(maxGapMs, now - last);
      last = now;
      if (done) break;
      // A read answered, and a live event applied, while the write is under way.
      expect(index.itemAt(itemIds[turns % itemIds.length] as string, NOW)).not.toBeNull();
      readsWhileWriting++;
      const e = events[next++];
      if (e) index.apply(e);
    }
    await writing;

    // Then: the loop turned many times during the write (it yields between chunks)…
    expect(readsWhileWriting).toBeGreaterThanOrEqual(10);
    expect(turns).toBeGreaterThanOrEqual(10);
    console.info(
      `snapshot of ${taken} events: ${turns} loop turns during the write, longest ${maxGapMs.toFixed(1)} ms`,
    );
    // …and the file holds the index as it was when taken, not the events applied since.
    const read = await readSnapshotHeader(saver.path);
    if (!read?.ok) throw new Error('no snapshot');
    const restored = restoreIndex(decodeSnapshot(read.header, read.file));
    const expected = new AsOfIndex();
    for (const e of events.slice(0, taken)) expected.apply(e);
    expect(restored.position).toBe(taken - 1);
    for (const at of [NOW, { asOf: '2012-06-30', knownAt: '2012-07-01T00:00:00.000Z' }])
      for (const id of itemIds) expect(restored.itemAt(id, at)).toEqual(expected.itemAt(id, at));
  });
});
