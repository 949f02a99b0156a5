import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { captureIndex, type IndexImage, restoreIndex } from '../../projections/index-image.js';
import { inspectionRowsAt } from '../../projections/past-board-counts.js';
import { parseSnapshotHeader } from '../../projections/runtime/snapshot-header.js';
import { decodeSnapshot } from '../../projections/runtime/snapshot-reader.js';
import { snapshotChunks } from '../../projections/runtime/snapshot-writer.js';
import { addDays } from '../../projections/time.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { LogBuilder } from './factories.js';
import { naiveItemAt } from './naive.js';
import { naiveInspectionRows } from './naive-counts.js';
import { eventOf, ITEMS, receipts, START, step, T0 } from './random-steps.js';

const ANCHOR = { firstHash: null, position: -1, hash: null };

/** The image through the snapshot file format and back: bytes, header, checksum, sections. */
async function throughFile(image: IndexImage): Promise<AsOfIndex> {
  const chunks: Buffer[] = [];
  for await (const chunk of snapshotChunks(image, { name: 'as-of-index', anchor: ANCHOR }))
    chunks.push(chunk);
  const read = parseSnapshotHeader(Buffer.concat(chunks), 'test.snapshot');
  if (!read.ok) throw new Error(read.why);
  return restoreIndex(decodeSnapshot(read.header, read.file));
}

/**
 * Random histories (back-dating, corrections, re-dating, retractions, a clock that steps back)
 * saved to a snapshot at random points, while further events keep arriving between the moment
 * the snapshot is taken and the moment it is written (as with the background writer), loaded,
 * and fed the rest of the log: every item at any (asOf, knownAt), and the board counts summed
 * from the count points, must still equal a naive replay of the filtered log.
 */
describe('as-of index: property across snapshot save and load', () => {
  // Hundreds of random ledgers: ~20 s on a quiet 2-core machine, about twice that on a busy or
  // slower one; vitest's default 30 s would fail the property for load, not for a wrong answer.
  it('answers exactly as a naive replay after any number of snapshot round trips', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 50 }),
        fc.array(fc.record({ at: fc.nat(), lag: fc.nat({ max: 3 }), settle: fc.boolean() }), {
          maxLength: 4,
        }),
        async (steps, saves) => {
          const log = new LogBuilder();
          let index = new AsOfIndex();
          let clock = T0;
          const at = (day: number) => {
            clock += 60_000;
            return { on: addDays(START, day), recordedAt: new Date(clock).toISOString() };
          };
          const events: LedgerEvent[] = [...receipts(log, at)];
          for (const s of steps) {
            clock += s.tick * 60_000 + 1;
            const event = eventOf(log, s, {
              on: addDays(START, s.day),
              recordedAt: new Date(clock).toISOString(),
            });
            if (event) events.push(event);
          }
          let applied = 0;
          const check = (asOf: string, knownAt: string) => {
            const known = events.slice(0, applied);
            for (const itemId of ITEMS)
              expect(index.itemAt(itemId, { asOf, knownAt })).toEqual(
                naiveItemAt(known, itemId, asOf, knownAt),
              );
            // The board counts at that point, summed from the count points the snapshot carried.
            const rows = [...inspectionRowsAt(index, { asOf, knownAt })].sort(([a], [b]) => (a < b ? -1 : 1));
            expect(rows).toEqual(naiveInspectionRows(known, { asOf, knownAt }));
          };
          const saveAt = new Map(saves.map((s) => [s.at % (events.length + 1), s]));
          for (let i = 0; i <= events.length; i++) {
            const save = saveAt.get(i);
            if (save) {
              // Taken now; `lag` more events reach the live index before it is written.
              const image = captureIndex(index);
              const late = events.slice(i, i + save.lag);
              for (const e of late) index.apply(e);
              const restored = await throughFile(image);
              if (save.settle) restored.settle();
              for (const e of late) restored.apply(e);
              index = restored;
              i += late.length;
              applied = i;
            }
            const e = events[i];
            if (e) index.apply(e);
            applied = Math.min(events.length, i + 1);
            const s = steps[i % Math.max(1, steps.length)];
            if (s?.query) {
              check(addDays(START, s.query.asOfDay), new Date(T0 + s.query.knownTick * 60_000).toISOString());
              check(addDays(START, s.query.asOfDay), new Date(clock + 3_600_000).toISOString());
            }
          }
          for (let d = -1; d <= 42; d += 6)
            for (
              let k = T0 - 60_000;
              k <= clock + 60_000;
              k += Math.max(60_000, Math.floor((clock - T0) / 8))
            )
              check(addDays(START, d), new Date(k).toISOString());
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
