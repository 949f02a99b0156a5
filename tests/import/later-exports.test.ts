import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../projections/as-of-index.js';
import { getPlans, itemHistory } from '../../projections/runtime/queries.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocument } from '../../src/import/read/read-document.js';
import type { ImportReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

/**
 * An earlier version of the same export: every dated update after `cut` removed, and a row whose
 * Date of Update is after `cut` keeps no RAG or completion yet (its date is then its latest
 * update left). This is what the same spreadsheet looked like when it went to an earlier board.
 */
function versionAsOf(doc: ParsedDocument, cut: string): ParsedDocument {
  return {
    ...doc,
    inspections: doc.inspections.map((i) => ({
      ...i,
      plans: i.plans.map((p) => ({
        ...p,
        items: p.items.map((item) => {
          const updates = item.updates.filter((u) => u.effectiveOn !== null && u.effectiveOn <= cut);
          if (item.dateOfUpdate === null || item.dateOfUpdate <= cut) return { ...item, updates };
          return {
            ...item,
            updates,
            dateOfUpdate: updates.at(-1)?.effectiveOn ?? null,
            rag: null,
            complete: null,
          };
        }),
      })),
    })),
  };
}

const NOW = { asOf: '2099-12-31', knownAt: '2099-12-31T00:00:00.000Z' };
/** Every item as it stands, without the stream revision (which counts reports and re-statements). */
const itemsOf = (index: AsOfIndex) =>
  getPlans({ index, now: () => new Date('2099-12-31T00:00:00Z') }, NOW)
    .plans.flatMap((p) =>
      p.items.map(({ role, item }) => ({ listedIn: p.planId, role, ...item, revision: 0 })),
    )
    .sort((a, b) => `${a.listedIn}${a.itemId}`.localeCompare(`${b.listedIn}${b.itemId}`));
/** Every item's facts: type, business date and what it says, in history order. */
const historiesOf = (index: AsOfIndex) =>
  [...index.items.keys()].sort().map((id) =>
    itemHistory({ index }, id).entries.map((e) => ({
      type: e.type,
      effectiveOn: e.effectiveOn,
      data: e.data,
    })),
  );

describe('seed 004 exported month after month: each version becomes the events that changed', () => {
  const CUTS = ['2015-05-01', '2015-07-01', '2015-09-01'];
  let real: ParsedDocument;
  let series: Awaited<ReturnType<typeof tempLedger>>;
  let alone: Awaited<ReturnType<typeof tempLedger>>;
  const reports: ImportReport[] = [];
  beforeAll(async () => {
    real = await readDocument(path.join(SEEDS_DIR, SEED_FILES['004']));
    series = await tempLedger();
    alone = await tempLedger();
    for (const cut of CUTS)
      reports.push((await runImport(series.store, versionAsOf(real, cut), { actor: importer() })).report);
    reports.push((await runImport(series.store, real, { actor: importer() })).report);
    await runImport(alone.store, real, { actor: importer() });
  });
  afterAll(async () => {
    await series.close();
    await alone.close();
  });

  it('given the versions imported oldest first, then each is accepted and each is one report', () => {
    expect(reports.map((r) => [r.status, r.failures])).toEqual(reports.map(() => ['imported', []]));
    expect(reports.map((r) => r.events.byType.BoardReportPresented)).toEqual([1, 1, 1, 1]);
    expect(new Set(reports.map((r) => r.presented?.boardDate)).size).toBe(4);
  });

  it('then the final state and every item’s history equal importing the real file alone', async () => {
    const [a, b] = [await indexOf(series.store), await indexOf(alone.store)];
    expect(itemsOf(a)).toEqual(itemsOf(b));
    expect(historiesOf(a)).toEqual(historiesOf(b));
  });

  it('then what the board saw on each cut date is that version’s content', async () => {
    const index = await indexOf(series.store);
    for (const [k, cut] of CUTS.entries()) {
      const version = await tempLedger();
      try {
        await runImport(version.store, versionAsOf(real, cut), { actor: importer() });
        const shown = getPlans({ index }, { reportedOn: cut });
        expect(shown.report?.boardDate).toBe(reports[k]?.presented?.boardDate);
        const strip = (plans: typeof shown.plans) =>
          plans
            .flatMap((p) =>
              p.items.map(({ role, item }) => ({ listedIn: p.planId, role, ...item, revision: 0 })),
            )
            .sort((x, y) => `${x.listedIn}${x.itemId}`.localeCompare(`${y.listedIn}${y.itemId}`));
        const own = await indexOf(version.store);
        expect(strip(shown.plans)).toEqual(strip(getPlans({ index: own }, { reportedOn: cut }).plans));
      } finally {
        await version.close();
      }
    }
  });

  it('when any version is imported again, then nothing is appended', async () => {
    const head = await series.store.headPosition();
    for (const doc of [...CUTS.map((cut) => versionAsOf(real, cut)), real]) {
      const again = await runImport(series.store, doc, { actor: importer() });
      expect(again.report.status).toBe('unchanged');
    }
    expect(await series.store.headPosition()).toBe(head);
  });
});
