import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryCounts } from '../../projections/board-summary-schema.js';
import { boardReports, boardSummary, getItem } from '../../projections/runtime/queries.js';
import { itemIdFor } from '../../src/domain/ids.js';
import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readPaperSummaryTables } from '../../src/import/read/paper.js';
import { readDocument } from '../../src/import/read/read-document.js';
import { boardIdFor, inspectionIdFor, planIdFor } from '../../src/import/record/import-ids.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, seedText } from './helpers.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

const five = (c: SummaryCounts) => ({
  total: c.total,
  completed: c.completed,
  green: c.green,
  amber: c.amber,
  red: c.red,
});

/** The latest date any row of the document gives (Date of Update or an update's own date). */
function latestRowDate(document: ParsedDocument): string {
  const dates = document.inspections.flatMap((i) =>
    i.plans.flatMap((p) =>
      p.items.flatMap((item) =>
        [item.dateOfUpdate, ...item.updates.map((u) => u.effectiveOn)].filter((d) => d !== null),
      ),
    ),
  );
  return dates.sort().at(-1) ?? '';
}

describe('seed 002 imported: the board summary against the paper’s own tables', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let document: ParsedDocument;
  let source: { index: Awaited<ReturnType<typeof indexOf>> };
  const inspectionId = inspectionIdFor('HMIC Police Report Card Inspection: 4-8 October 2010');
  beforeAll(async () => {
    ledger = await tempLedger();
    document = await readDocument(path.join(SEEDS_DIR, SEED_FILES['002']));
    await runImport(ledger.store, document, { actor: importer() });
    source = { index: await indexOf(ledger.store) };
  });
  afterAll(async () => ledger.close());

  it('given the latest date in its rows (3 May 2011), then every table of the paper is reproduced', () => {
    const asOf = latestRowDate(document);
    expect(asOf).toBe('2011-05-03');
    const summary = boardSummary(source, { asOf });
    const paper = readPaperSummaryTables(seedText('002'));
    expect([...paper.keys()]).toEqual([
      'Territorial Policing',
      'Protective Services',
      'Finance & Corporate Services',
    ]);
    for (const [portfolio, table] of paper) {
      const ours = summary.portfolios.find((p) => p.portfolio === portfolio);
      expect(ours, portfolio).toBeDefined();
      if (!ours) continue;
      expect({
        portfolio,
        recommendations: five(ours.recommendations),
        afis: five(ours.areasForImprovement),
      }).toEqual({
        portfolio,
        recommendations: table.recommendations,
        afis: table.areasForImprovement,
      });
    }
  });

  it('given the paper’s own date (27 April 2011), then TP’s AFIs differ where its rows were updated afterwards', () => {
    // The paper's rows for AFI.1-4, 7 and 10 carry a Date of Update of 3 May 2011, after the
    // paper: as of 27 April they had not been rated yet. The paper counts them; the ledger
    // lists them as awaiting a RAG. This is where the paper disagrees with its own rows.
    const summary = boardSummary(source, { asOf: '2011-04-27' });
    const tp = summary.portfolios.find((p) => p.portfolio === 'Territorial Policing');
    expect(tp && five(tp.areasForImprovement)).toEqual({
      total: 10,
      completed: 0,
      green: 4,
      amber: 6,
      red: 0,
    });
    expect(tp?.areasForImprovement.items.awaitingRag.map((i) => i.ref).sort()).toEqual([
      'AFI.1',
      'AFI.10',
      'AFI.2',
      'AFI.3',
      'AFI.4',
      'AFI.7',
    ]);
  });

  it('then the counting choices behind the numbers are visible: moved, shared, never rated', () => {
    const summary = boardSummary(source, { asOf: '2011-05-03' });
    const by = (name: string) => summary.portfolios.find((p) => p.portfolio === name);
    // §2.5.1: one AFI transferred to TP (AFI.10) and one to F&CS (AFI.20, "contained within the F&CS plan").
    expect(by('Protective Services')?.transferredOut.map((i) => i.ref)).toEqual(['R.2', 'AFI.10', 'AFI.20']);
    // AFI.20 has no RAG in the paper and is in neither Total: F&CS lists it as awaiting a RAG.
    expect(by('Protective Services')?.areasForImprovement.items.awaitingRag.map((i) => i.ref)).toEqual([]);
    expect(
      by('Finance & Corporate Services')?.areasForImprovement.items.awaitingRag.map((i) => i.ref),
    ).toEqual(['AFI.20']);
    expect(by('Finance & Corporate Services')?.ledElsewhere.map((i) => i.ref)).toEqual(['AFI.22']);
    expect(by('Operations')?.ledElsewhere.map((i) => i.ref)).toEqual(['AFI.22']);
  });

  it('then transfers are effective on the dates in their wording', () => {
    const tp = planIdFor(inspectionId, 'Territorial Policing', null);
    const ps = planIdFor(inspectionId, 'Protective Services', null);
    const afi10 = getItem(source, itemIdFor(inspectionId, 'AFI.10'), { asOf: '2011-05-03' }).item;
    expect(afi10.transfers).toEqual([
      {
        fromPlanId: ps,
        toPlanId: tp,
        effectiveOn: '2011-03-24',
        note: 'This was transferred from Protective Services on 24 March 2011',
      },
    ]);
    const r2 = getItem(source, itemIdFor(inspectionId, 'R.2'), { asOf: '2011-03-08' }).item;
    expect([r2.planId, r2.transfers[0]?.effectiveOn]).toEqual([tp, '2011-03-08']);
    // The HR row printed as AFI.25 is another finding: kept apart from TP's AFI.25.
    const hr = getItem(source, itemIdFor(inspectionId, 'AFI.25 (Human Resources)'), {
      asOf: '2011-05-03',
    }).item;
    expect([hr.planId, hr.rag]).toEqual([planIdFor(inspectionId, 'Human Resources', null), 'RED']);
  });

  it('then the paper itself is a board report of its board on its date, presenting the six plans', () => {
    const { reports } = boardReports(source, { asOf: '2011-04-27' });
    expect(reports).toHaveLength(1);
    const report = reports[0];
    expect(report?.boardId).toBe(boardIdFor('BTPA Performance Review Group'));
    expect([report?.boardName, report?.boardDate, report?.planIds.length]).toEqual([
      'BTPA Performance Review Group',
      '2011-04-27',
      6,
    ]);
  });
});
