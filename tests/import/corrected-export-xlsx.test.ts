import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlans } from '../../projections/runtime/queries.js';
import { readDocument } from '../../src/import/read/read-document.js';
import type { ImportReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { importer, indexOf, tempLedger } from './import-fixtures.js';

/**
 * The same rules on another shape of file: a spreadsheet export (XLSX, one sheet) corrected and
 * saved again. One of two updates of the same date reworded, a completion dated earlier, a RAG
 * changed, and an update pasted cut short (which is not a contradiction).
 */

const HEADER = [
  'Ref',
  'Area for Improvement',
  'Strategic Lead',
  'Action Owner',
  'Due Date',
  'Initial Response',
  'Latest Update',
  'Date of Update',
  'Complete Yes/No',
  'RAG Status',
];

type Row = { ref: string; latest: string; date: string; complete: string; rag: string };

/** One plan row; the rest of the row is the same in every version. */
const cells = (r: Row) => [
  r.ref,
  `The force should improve ${r.ref}.`,
  'ACC TP',
  'Supt Ops',
  '31-Mar-15',
  'Accepted.',
  r.latest,
  r.date,
  r.complete,
  r.rag,
];

const ORIGINAL: Row[] = [
  {
    ref: 'AFI.1',
    latest: '8 Jan 2015 - Cameras ordered for all stations. 8 Jan 2015 - Training booked for the day shifts.',
    date: '08-Jan-15',
    complete: 'No',
    rag: 'AMBER',
  },
  {
    ref: 'AFI.2',
    latest: '23 Jan 2015 - Audit finished and signed off.',
    date: '23-Jan-15',
    complete: 'Yes',
    rag: 'COMPLETE',
  },
  {
    ref: 'AFI.3',
    latest: '8 Jan 2015 - Policy drafted and sent to the board.',
    date: '08-Jan-15',
    complete: 'No',
    rag: 'GREEN',
  },
];

const CORRECTED: Row[] = [
  { ...(ORIGINAL[0] as Row), latest: ORIGINAL[0]?.latest.replace('day shifts', 'night shifts') ?? '' },
  { ...(ORIGINAL[1] as Row), date: '20-Jan-15' },
  { ...(ORIGINAL[2] as Row), latest: '8 Jan 2015 - Policy drafted and sent…', rag: 'RED' },
];

async function writeWorkbook(file: string, rows: Row[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(cells(row));
  await workbook.xlsx.writeFile(file);
}

describe('a corrected spreadsheet export (XLSX)', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let corrected: string;
  const read = (file: string) => readDocument(file, { inspection: 'HMIC Test Inspection' });
  let refused: ImportReport;
  let recorded: ImportReport;
  let head: number;

  beforeAll(async () => {
    ledger = await tempLedger();
    const original = path.join(ledger.dir, 'plan.xlsx');
    corrected = path.join(ledger.dir, 'plan (corrected).xlsx');
    await writeWorkbook(original, ORIGINAL);
    await writeWorkbook(corrected, CORRECTED);
    expect((await runImport(ledger.store, await read(original), { actor: importer() })).report.status).toBe(
      'imported',
    );
    head = await ledger.store.headPosition();
    refused = (
      await runImport(ledger.store, await read(corrected), { actor: importer(), refuseCorrections: true })
    ).report;
    recorded = (await runImport(ledger.store, await read(corrected), { actor: importer() })).report;
  });
  afterAll(async () => ledger.close());

  it('given refused corrections, then each difference names its sheet, row and column, and nothing is appended', () => {
    expect(refused.status).toBe('failed');
    expect(refused.headAfter).toBe(head);
    expect(refused.failures.map((f) => f.message.split(': the ledger holds')[0])).toEqual([
      'plan (corrected).xlsx, sheet Plan, line 2, column 7 (Latest Update), item AFI.1',
      'plan (corrected).xlsx, sheet Plan, line 3, column 9 (Complete Yes/No), item AFI.2',
      'plan (corrected).xlsx, sheet Plan, line 4, column 10 (RAG Status), item AFI.3',
    ]);
    expect(refused.failures[1]?.message).toContain(
      'the ledger holds the date it was completed as 23 January 2015 (from plan.xlsx, sheet Plan, line 3), but this file says 20 January 2015',
    );
  });

  it('given corrections recorded, then the reworded update, the earlier completion and the RAG are corrected; the cut-short copy is not', async () => {
    expect(recorded.status).toBe('imported');
    expect(recorded.events.byType).toEqual({ EntryCorrected: 3 });
    expect(recorded.corrections.map((c) => [c.label, c.fact, c.held, c.says])).toEqual([
      [
        'item AFI.1',
        'update',
        '8 Jan 2015 - Training booked for the day shifts.',
        '8 Jan 2015 - Training booked for the night shifts.',
      ],
      ['item AFI.2', 'completed', '2015-01-23', '2015-01-20'],
      ['item AFI.3', 'rag', 'Green', 'Red'],
    ]);
    const events = (await ledger.store.readAll()).filter((e) => e.type === 'EntryCorrected');
    expect(events.map((e) => [e.provenance?.fileName, e.provenance?.sheet, e.provenance?.line])).toEqual([
      ['plan (corrected).xlsx', 'Plan', 2],
      ['plan (corrected).xlsx', 'Plan', 3],
      ['plan (corrected).xlsx', 'Plan', 4],
    ]);
  });

  it('then what the board saw on the first report is the original, and as known now the corrected', async () => {
    const index = await indexOf(ledger.store);
    const byRef = (params: Record<string, string>) =>
      new Map(getPlans({ index }, params).plans.flatMap((p) => p.items.map(({ item }) => [item.ref, item])));
    const saw = byRef({ reportedOn: '2015-01-23' });
    const now = byRef({ asOf: '2015-01-23' });
    expect([saw.get('AFI.1')?.latestUpdate?.text, now.get('AFI.1')?.latestUpdate?.text]).toEqual([
      '8 Jan 2015 - Training booked for the day shifts.',
      '8 Jan 2015 - Training booked for the night shifts.',
    ]);
    expect([saw.get('AFI.2')?.closedOn, now.get('AFI.2')?.closedOn]).toEqual(['2015-01-23', '2015-01-20']);
    expect([saw.get('AFI.3')?.rag, now.get('AFI.3')?.rag]).toEqual(['GREEN', 'RED']);
    expect(now.get('AFI.3')?.latestUpdate?.text).toBe('8 Jan 2015 - Policy drafted and sent to the board.');
  });
});
