import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getPlans, itemHistory } from '../../projections/runtime/queries.js';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { readDocument } from '../../src/import/read/read-document.js';
import type { ImportReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { CORRECTED_UPDATE, correctedSeed004, HELD_UPDATE, RAG_LINE, UPDATE_LINE } from './corrected-seeds.js';
import { SEED_FILES, SEEDS_DIR } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

/**
 * A corrected re-export of a real paper (seed 004): the same file with one update's text and one
 * RAG changed, as a secretary would fix them and export again. The ledger never rewrites: each
 * difference is a correction event naming the corrected file's line and column, or, with
 * `refuseCorrections` (`--no-corrections`), the whole file is refused naming both lines.
 */

const DataOf = z.looseObject({ correctsEventId: z.string(), fields: z.record(z.string(), z.unknown()) });

describe('a corrected re-export of seed 004 (one update text, one RAG changed)', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let correctedPath: string;
  let original: RecordedEvent[];
  let boardDate: string;
  const run = async (options: { dryRun?: boolean; refuseCorrections?: boolean } = {}) =>
    (await runImport(ledger.store, await readDocument(correctedPath), { actor: importer(), ...options }))
      .report;

  beforeAll(async () => {
    ledger = await tempLedger();
    correctedPath = path.join(ledger.dir, '004-corrected.txt');
    writeFileSync(correctedPath, correctedSeed004());
    const first = await runImport(ledger.store, await readDocument(path.join(SEEDS_DIR, SEED_FILES['004'])), {
      actor: importer(),
    });
    expect(first.report.status).toBe('imported');
    boardDate = first.report.presented?.boardDate ?? '';
    original = await ledger.store.readAll();
  });
  afterAll(async () => ledger.close());

  /** The event the first import recorded from `line` (the last of that type: the latest update). */
  const heldAt = (line: number, type: string) => {
    const event = original.findLast((e) => e.type === type && e.provenance?.line === line);
    if (!event) throw new Error(`no ${type} from line ${line}`);
    return event;
  };

  it('given --no-corrections, then it is refused with one message per contradiction naming line and column, and nothing is appended', async () => {
    const head = await ledger.store.headPosition();
    const report = await run({ refuseCorrections: true });
    expect(report.status).toBe('failed');
    expect(report.failures.map((f) => [f.line, f.rule])).toEqual(
      [
        [RAG_LINE, 'import.contradiction'],
        [UPDATE_LINE, 'import.contradiction'],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    const [update, rag] = [UPDATE_LINE, RAG_LINE].map(
      (line) => report.failures.find((f) => f.line === line)?.message,
    );
    expect(update).toMatch(
      /^004-corrected\.txt, line 21, column 6 \(Latest Update\), item 10: the ledger holds the update of 6 November 2015 as “/,
    );
    expect(update).toContain('still hasn');
    expect(update).toContain('has now been agreed');
    expect(update).toContain(`(from ${SEED_FILES['004']}, line 21)`);
    expect(rag).toMatch(
      /^004-corrected\.txt, line 33, column 9 \(RAG Status\), item 3 .*: the ledger holds the RAG status on 9 October 2015 as Amber .*but this file says Red\. Nothing was imported/,
    );
    expect(await ledger.store.headPosition()).toBe(head);
    expect(report.headAfter).toBe(head);
  });

  it('given --dry-run, then the corrections are listed and nothing is appended', async () => {
    const head = await ledger.store.headPosition();
    const report = await run({ dryRun: true });
    expect(report.status).toBe('dry-run');
    expect(report.corrections.map((c) => [c.line, c.column?.title, c.fact])).toEqual([
      [UPDATE_LINE, 'Latest Update', 'update'],
      [RAG_LINE, 'RAG Status', 'rag'],
    ]);
    expect(report.events.byType).toEqual({ EntryCorrected: 2 });
    expect(await ledger.store.headPosition()).toBe(head);
  });

  describe('when imported with corrections recorded', () => {
    let report: ImportReport;
    let corrections: RecordedEvent[];
    beforeAll(async () => {
      report = await run();
      corrections = (await ledger.store.readAll()).filter((e) => e.type === 'EntryCorrected');
    });

    it('then exactly two correction events are appended, each naming the corrected file, line and column', () => {
      expect(report.status).toBe('imported');
      expect(report.events.byType).toEqual({ EntryCorrected: 2 });
      expect(corrections.map((e) => e.provenance)).toEqual([
        expect.objectContaining({
          fileName: '004-corrected.txt',
          line: UPDATE_LINE,
          column: { number: 6, title: 'Latest Update' },
        }),
        expect.objectContaining({
          fileName: '004-corrected.txt',
          line: RAG_LINE,
          column: { number: 9, title: 'RAG Status' },
        }),
      ]);
    });

    it('then each corrects the held event of the same line, with the file’s version', () => {
      const [update, rag] = corrections.map((e) => DataOf.parse(e.data));
      const heldUpdate = heldAt(UPDATE_LINE, 'UpdatePosted');
      expect(heldUpdate).toMatchObject({ effectiveOn: '2015-11-06' });
      expect(update?.correctsEventId).toBe(heldUpdate.eventId);
      expect(update?.fields).toEqual({ text: expect.stringContaining(CORRECTED_UPDATE) });
      expect(rag?.correctsEventId).toBe(heldAt(RAG_LINE, 'RagChanged').eventId);
      expect(rag?.fields).toEqual({ to: 'RED' });
      expect(corrections.map((e) => e.streamId)).toEqual([
        heldUpdate.streamId,
        heldAt(RAG_LINE, 'RagChanged').streamId,
      ]);
    });

    it('then what the board saw still shows the original text and RAG, while as known now shows the corrections', async () => {
      const index = await indexOf(ledger.store);
      const items = (params: Record<string, string>) =>
        getPlans({ index }, params).plans.flatMap((p) => p.items.map((i) => i.item));
      const heldUpdate = heldAt(UPDATE_LINE, 'UpdatePosted');
      const heldRag = heldAt(RAG_LINE, 'RagChanged');
      const pick = (list: ReturnType<typeof items>, streamId: string) =>
        list.find((i) => `item-${i.itemId}` === streamId);
      const saw = items({ reportedOn: boardDate });
      const now = items({ asOf: boardDate });
      expect(pick(saw, heldUpdate.streamId)?.latestUpdate?.text).toContain(HELD_UPDATE);
      expect(pick(now, heldUpdate.streamId)?.latestUpdate?.text).toContain(CORRECTED_UPDATE);
      expect(pick(saw, heldRag.streamId)?.rag).toBe('AMBER');
      expect(pick(now, heldRag.streamId)?.rag).toBe('RED');
    });

    it('then the item history keeps the original beside the correction and its source', async () => {
      const index = await indexOf(ledger.store);
      const held = heldAt(UPDATE_LINE, 'UpdatePosted');
      const entry = itemHistory({ index }, held.streamId.slice('item-'.length)).entries.find(
        (e) => e.eventId === held.eventId,
      );
      expect(String(entry?.originalData?.text)).toContain(HELD_UPDATE);
      expect(String(entry?.data.text)).toContain(CORRECTED_UPDATE);
      expect(entry?.fixes).toHaveLength(1);
      expect(entry?.fixes[0]?.reason).toBe(
        'Corrected by 004-corrected.txt, line 21, column 6 (Latest Update): it gives another text for the update of 6 November 2015',
      );
      expect(entry?.fixes[0]?.provenance).toMatchObject({ fileName: '004-corrected.txt', line: UPDATE_LINE });
    });

    it('when the corrected file or the original is imported again, then nothing is appended', async () => {
      const head = await ledger.store.headPosition();
      expect((await run()).status).toBe('unchanged');
      const again = await runImport(
        ledger.store,
        await readDocument(path.join(SEEDS_DIR, SEED_FILES['004'])),
        {
          actor: importer(),
        },
      );
      expect(again.report.status).toBe('unchanged');
      expect(await ledger.store.headPosition()).toBe(head);
    });
  });
});
