import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../projections/as-of-index.js';
import { getPlans, itemHistory } from '../../projections/runtime/queries.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import type { ImportReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { earlierVersion } from './earlier-version.js';
import { allItems, SEED_FILES, type SeedId, seedText } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

/** A version of the file read as the reader reads any file of that name. */
async function readVersion(text: string, name: string): Promise<ParsedDocument> {
  return (await readDocumentBytesTraced(new TextEncoder().encode(text), name, {})).document;
}

/** Every item as it stands, without the stream revision (which counts reports and re-statements). */
const itemsOf = (plans: ReturnType<typeof getPlans>['plans']) =>
  plans
    .flatMap((p) => p.items.map(({ role, item }) => ({ listedIn: p.planId, role, ...item, revision: 0 })))
    .sort((a, b) => `${a.listedIn}${a.itemId}`.localeCompare(`${b.listedIn}${b.itemId}`));
const NOW = { asOf: '2099-12-31', knownAt: '2099-12-31T00:00:00.000Z' };
const finalItems = (index: AsOfIndex) =>
  itemsOf(getPlans({ index, now: () => new Date('2099-12-31T00:00:00Z') }, NOW).plans);
/** Every item's facts: type, business date, what it says and how its date was found, in history order. */
const historiesOf = (index: AsOfIndex) =>
  [...index.items.keys()].sort().map((id) =>
    itemHistory({ index }, id).entries.map((e) => ({
      type: e.type,
      effectiveOn: e.effectiveOn,
      data: e.data,
      dateFrom: e.provenance?.dateFrom,
      dateStated: e.provenance?.dateStated,
    })),
  );

/** The seeds whose cells hold dated updates, and three dates to cut their history at. */
const SERIES: [SeedId, string[]][] = [
  ['000', ['2014-11-21', '2014-12-31', '2015-01-20']],
  ['004', ['2015-05-01', '2015-07-01', '2015-09-01']],
];

describe.each(SERIES)(
  'seed %s exported month after month: each version becomes the events that changed',
  (seed, CUTS) => {
    const text = seedText(seed);
    const name = SEED_FILES[seed];
    let real: ParsedDocument;
    let versions: ParsedDocument[];
    let series: Awaited<ReturnType<typeof tempLedger>>;
    let alone: Awaited<ReturnType<typeof tempLedger>>;
    const reports: ImportReport[] = [];
    beforeAll(async () => {
      real = await readVersion(text, name);
      versions = await Promise.all(CUTS.map((cut) => readVersion(earlierVersion(text, cut), name)));
      series = await tempLedger();
      alone = await tempLedger();
      for (const doc of [...versions, real])
        reports.push((await runImport(series.store, doc, { actor: importer() })).report);
      await runImport(alone.store, real, { actor: importer() });
    });
    afterAll(async () => {
      await series.close();
      await alone.close();
    });

    it('given a version cut at a date, then the reader finds exactly the real file’s entries up to that date', () => {
      /** Each row's dated entries (its response and its updates) up to `cut`. */
      const upTo = (doc: ParsedDocument, cut: string) =>
        allItems(doc).map((i) => {
          const split = i.updatesFrom === 'initial-response';
          const response = split
            ? i.updates[0]
            : { text: i.initialResponse, effectiveOn: i.responseDate ?? null };
          const updates = split ? i.updates.slice(1) : i.updates;
          return [response, ...updates]
            .filter((u) => u?.effectiveOn && u.effectiveOn <= cut)
            .map((u) => `${u?.effectiveOn} ${u?.text}`);
        });
      for (const [k, cut] of CUTS.entries()) {
        const version = versions[k] as ParsedDocument;
        expect(upTo(version, cut)).toEqual(upTo(real, cut));
        expect(
          allItems(version).flatMap((i) => i.updates.filter((u) => (u.effectiveOn ?? '') > cut)),
        ).toEqual([]);
      }
      expect(earlierVersion(text, '2099-12-31')).toBe(text);
    });

    it('given the versions imported oldest first, then each is accepted and each is one report', () => {
      expect(reports.map((r) => [r.status, r.failures])).toEqual(reports.map(() => ['imported', []]));
      expect(reports.map((r) => r.events.byType.BoardReportPresented)).toEqual(reports.map(() => 1));
      expect(new Set(reports.map((r) => r.presented?.boardDate)).size).toBe(reports.length);
    });

    it('then the final state and every item’s history equal importing the real file alone', async () => {
      const [a, b] = [await indexOf(series.store), await indexOf(alone.store)];
      expect(finalItems(a)).toEqual(finalItems(b));
      expect(historiesOf(a)).toEqual(historiesOf(b));
    });

    it('then what the board saw on each cut date is that version’s content', async () => {
      const index = await indexOf(series.store);
      for (const [k, cut] of CUTS.entries()) {
        const version = await tempLedger();
        try {
          await runImport(version.store, versions[k] as ParsedDocument, { actor: importer() });
          const boardDate = reports[k]?.presented?.boardDate as string;
          const shown = getPlans({ index }, { reportedOn: boardDate });
          expect(shown.report?.boardDate).toBe(boardDate);
          expect(boardDate <= cut).toBe(true);
          const own = await indexOf(version.store);
          expect(itemsOf(shown.plans)).toEqual(
            itemsOf(getPlans({ index: own }, { reportedOn: boardDate }).plans),
          );
        } finally {
          await version.close();
        }
      }
    });

    it('when any version is imported again, then nothing is appended', async () => {
      const head = await series.store.headPosition();
      for (const doc of [...versions, real]) {
        const again = await runImport(series.store, doc, { actor: importer() });
        expect(again.report.status).toBe('unchanged');
      }
      expect(await series.store.headPosition()).toBe(head);
    });
  },
);
