import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItem, itemHistory } from '../../projections/runtime/queries.js';
import { itemIdFor } from '../../src/domain/ids.js';
import { readDocument } from '../../src/import/read/read-document.js';
import { inspectionIdFor, planIdFor } from '../../src/import/record/import-ids.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEED_IDS, SEEDS_DIR, type SeedId } from './helpers.js';
import { countTypes, importer, indexOf, tempLedger } from './import-fixtures.js';

/** The events each seed appends into an empty ledger, by type (pinned: a change here is a change of rules). */
const EXPECTED: Record<SeedId, Record<string, number>> = {
  '000': {
    InspectionRegistered: 1,
    PlanOpened: 1,
    RecommendationReceived: 40,
    OwnerAssigned: 40,
    ResponseRecorded: 40,
    // Line 13 pastes one 23 Jan 2015 update twice: posted once (issue 12).
    UpdatePosted: 14,
    // Every imported paper is a presented report (here on the latest date it holds).
    BoardReportPresented: 1,
  },
  '001': {
    InspectionRegistered: 2,
    PlanOpened: 2,
    // Narrative "Overall …" findings (lines 97, 105, 127) are not items; Due "Complete" / "N/A"
    // and a response of only "N/A" are completion and not-applicable facts (issue 12).
    RecommendationReceived: 63,
    OwnerAssigned: 59,
    ResponseRecorded: 61,
    MarkedNotApplicable: 6,
    MarkedComplete: 2,
    BoardReportPresented: 1,
  },
  '002': {
    InspectionRegistered: 1,
    PlanOpened: 6,
    RecommendationReceived: 32,
    // AFI.22's Operations and F&CS listings keep their own owners, and Operations its own due
    // date (31 Jul 2011); their responses are their listings' (issue 12).
    OwnerAssigned: 32,
    DueDateChanged: 1,
    ResponseRecorded: 36,
    RagChanged: 28,
    // AFI.20 moves to F&CS ("contained within the F&CS Improvement Plan", the paper's §2.5.1).
    TransferredBetweenPortfolios: 3,
    JointlyAllocated: 1,
    MarkedNotApplicable: 1,
    MarkedComplete: 2,
    BoardReportPresented: 1,
  },
  '004': {
    InspectionRegistered: 1,
    PlanOpened: 2,
    RecommendationReceived: 18,
    OwnerAssigned: 16,
    ResponseRecorded: 18,
    UpdatePosted: 27,
    RagChanged: 11,
    MarkedComplete: 7,
    MarkedNotApplicable: 4,
    BoardReportPresented: 1,
  },
};

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe.each(SEED_IDS)('seed %s imported into an empty ledger', (seed) => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let first: Awaited<ReturnType<typeof runImport>>;
  beforeAll(async () => {
    ledger = await tempLedger();
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES[seed]));
    first = await runImport(ledger.store, document, { actor: importer() });
  });
  afterAll(async () => ledger.close());

  it('when imported, then exactly the pinned events are appended and reported', async () => {
    expect(first.report.status).toBe('imported');
    expect(first.report.failures).toEqual([]);
    expect(await countTypes(ledger.store)).toEqual(EXPECTED[seed]);
    expect(first.report.events.byType).toEqual(EXPECTED[seed]);
    expect(first.report.events.appended).toBe(sum(EXPECTED[seed]));
    expect(first.report.headAfter).toBe(sum(EXPECTED[seed]) - 1);
  });

  it('then every row read is in a planned command or an import note (none dropped silently)', async () => {
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES[seed]));
    const rows = document.inspections.flatMap((i) =>
      i.plans.flatMap((p) => p.items.map((item) => item.line)),
    );
    const used = new Set(first.plan.streams.flatMap((s) => s.commands.map((c) => c.line)));
    const noted = new Set(first.report.notes.map((n) => n.line));
    expect(first.report.rows.read).toBe(rows.length);
    expect(rows.filter((line) => !used.has(line) && !noted.has(line))).toEqual([]);
    // The report keeps each note's line and reason, and adds the sentence naming the file.
    const bare = (notes: readonly { line: number; reason: string }[]) =>
      notes.map(({ line, reason }) => ({ line, reason }));
    expect(bare(first.report.skipped)).toEqual(document.skipped);
    expect(bare(first.report.warnings)).toEqual(document.warnings);
  });

  it('when the same file is imported again, then nothing is appended and the head does not move', async () => {
    const head = await ledger.store.headPosition();
    const document = await readDocument(path.join(SEEDS_DIR, SEED_FILES[seed]), { source: 'renamed.txt' });
    const again = await runImport(ledger.store, document, { actor: importer() });
    expect(again.report.status).toBe('unchanged');
    expect(again.report.events.appended).toBe(0);
    expect(again.report.events.alreadyImported).toBe(sum(EXPECTED[seed]));
    expect(await ledger.store.headPosition()).toBe(head);
  });

  it('then every event carries the importing principal, the import id and its business date', async () => {
    const records = await ledger.store.readAll();
    for (const r of records) {
      expect(r.actor).toEqual(importer());
      expect(r.correlationId).toBe(first.report.importId);
      expect(r.effectiveOn >= first.report.startDate).toBe(true);
    }
  });
});

describe('history, not just state', () => {
  it('given seed 000 line 13 (one cell, several dated updates), then its history lists them apart, in date order', async () => {
    const ledger = await tempLedger();
    try {
      await runImport(ledger.store, await readDocument(path.join(SEEDS_DIR, SEED_FILES['000'])), {
        actor: importer(),
      });
      const inspectionId = inspectionIdFor('CORE BUSINESS (Making Best Use of Police Time)');
      const itemId = itemIdFor(inspectionId, 'pg 54 paragraph 3.41 #3');
      const history = itemHistory({ index: await indexOf(ledger.store) }, itemId);
      const facts = history.entries.map((e) => [
        e.type,
        e.effectiveOn,
        String(e.data.text ?? e.data.response ?? '').slice(0, 22),
      ]);
      expect(facts).toEqual([
        ['RecommendationReceived', '2014-11-18', expect.any(String)],
        ['OwnerAssigned', '2014-11-18', ''],
        ['ResponseRecorded', '2014-11-21', '21 Nov 2014 - All BTP '],
        ['UpdatePosted', '2015-01-08', '8 Jan 2015 from Op Tra'],
        ['UpdatePosted', '2015-01-23', 'Update 23 Jan 2015 fro'],
      ]);
    } finally {
      await ledger.close();
    }
  });

  it('given seed 004 row 4 (Latest Update holds three dated updates), then three updates on their own dates, RAG on the row date', async () => {
    const ledger = await tempLedger();
    try {
      await runImport(ledger.store, await readDocument(path.join(SEEDS_DIR, SEED_FILES['004'])), {
        actor: importer(),
      });
      const inspectionId = inspectionIdFor('POLICE INTEGRITY & CORRUPTION');
      const source = { index: await indexOf(ledger.store) };
      const itemId = itemIdFor(inspectionId, '4');
      const history = itemHistory(source, itemId);
      expect(history.entries.map((e) => [e.type, e.effectiveOn])).toEqual([
        ['RecommendationReceived', '2015-03-11'],
        ['OwnerAssigned', '2015-03-11'],
        ['ResponseRecorded', '2015-03-11'],
        ['UpdatePosted', '2015-04-24'],
        ['UpdatePosted', '2015-06-18'],
        ['UpdatePosted', '2015-08-24'],
        ['RagChanged', '2015-08-24'],
      ]);
      // Row 3 of the national plan: Complete Yes and RAG COMPLETE → completed on the row's date.
      const three = getItem(source, itemIdFor(inspectionId, '3'), { asOf: '2015-12-31' }).item;
      expect([three.status, three.closedOn, three.rag]).toEqual(['complete', '2015-03-11', null]);
      // Row 1: Complete N/A, RAG Green → rated, then not applicable, both on 11 March 2015.
      const one = getItem(source, itemIdFor(inspectionId, '1'), { asOf: '2015-12-31' }).item;
      expect([one.status, one.closedOn, one.rag]).toEqual(['not-applicable', '2015-03-11', 'GREEN']);
      // The BTP Areas plan restarts at 1: its items are kept apart by a qualified ref.
      const areaOne = getItem(source, itemIdFor(inspectionId, '1 (area-for-improvement)'), {
        asOf: '2015-12-31',
      }).item;
      expect(areaOne.planId).toBe(planIdFor(inspectionId, 'Deputy Chief Constable', 'BTP Areas'));
      expect(areaOne.kind).toBe('area-for-improvement');
    } finally {
      await ledger.close();
    }
  });
});
