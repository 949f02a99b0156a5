import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedDocument, ParsedItem } from '../../src/import/parsed-document.js';
import { parseDelimited } from '../../src/import/read/delimited.js';
import { readDocument } from '../../src/import/read/read-document.js';
import { allItems, contentOf, documentContent } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ledger-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Column titles as real plans spell them, with odd case and spacing. */
const HEADER = [
  'REF',
  'Areas  for Improvement',
  'Portfolio',
  'strategic lead',
  'Action Owner',
  'Due Date',
  'Management Response',
  'Latest Update',
  'Date of Update',
  'Complete Yes/No',
  'RAG Status',
];

/** One plan row with defaults; every test row differs only where it says. */
function planRow(
  over: Partial<
    Record<'ref' | 'text' | 'portfolio' | 'due' | 'latest' | 'date' | 'complete' | 'rag', string>
  >,
): string[] {
  return [
    over.ref ?? 'AFI.1 (R.1)',
    over.text ?? 'The force should do better.',
    over.portfolio ?? 'Territorial Policing',
    'ACC TP',
    'Supt Ops',
    over.due ?? '31-Mar-15',
    'Initial plan agreed.',
    over.latest ?? '',
    over.date ?? '08-Jan-15',
    over.complete ?? 'No',
    over.rag ?? 'AMBER',
  ];
}

const ROWS: string[][] = [
  HEADER,
  ['Cable offences', '', '', '', '', '', '', '', '', '', ''],
  planRow({ latest: '23 Jan 2015 - Second step. 8 Jan 2015 - First step.', date: '23-Jan-15' }),
  planRow({
    ref: 'R.2',
    text: 'Review cable theft, "end to end".',
    due: 'Now',
    complete: 'Yes',
    rag: 'COMPLETE',
  }),
  planRow({ ref: 'AFI.4', portfolio: 'Protective Services', due: 'Jan 2015', rag: 'GREEN' }),
];

function quoteCsv(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

async function writeXlsx(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  for (const r of ROWS) sheet.addRow(r);
  await workbook.xlsx.writeFile(file);
}

/** `source` names the file; everything else must not depend on the format. */
function withoutSource(doc: ParsedDocument) {
  const { source: _source, ...rest } = documentContent(doc);
  return rest;
}

describe('CSV, TSV and XLSX plans', () => {
  it('given the same plan written as CSV, TSV and XLSX, when read, then the documents are the same', async () => {
    const csv = path.join(dir, 'plan.csv');
    const tsvFile = path.join(dir, 'plan.tsv');
    const xlsx = path.join(dir, 'plan.xlsx');
    writeFileSync(csv, ROWS.map((r) => r.map(quoteCsv).join(',')).join('\r\n'));
    writeFileSync(tsvFile, ROWS.map((r) => r.join('\t')).join('\n'));
    await writeXlsx(xlsx);
    const options = { inspection: 'Test Inspection' };
    const [fromCsv, fromTsv, fromXlsx] = await Promise.all([
      readDocument(csv, options),
      readDocument(tsvFile, options),
      readDocument(xlsx, options),
    ]);
    expect(withoutSource(fromTsv)).toEqual(withoutSource(fromCsv));
    expect(withoutSource(fromXlsx)).toEqual(withoutSource(fromCsv));

    const plans = fromCsv.inspections[0]?.plans ?? [];
    expect(fromCsv.inspections[0]?.title).toBe('Test Inspection');
    expect(plans.map((p) => [p.portfolio, p.items.map((i) => i.ref)])).toEqual([
      ['Territorial Policing', ['AFI.1', 'R.2']],
      ['Protective Services', ['AFI.4']],
    ]);
    expect(contentOf(allItems(fromCsv)[0] as ParsedItem)).toEqual({
      line: 3,
      ref: 'AFI.1',
      parentRef: 'R.1',
      kind: 'area-for-improvement',
      text: 'The force should do better.',
      section: 'Cable offences',
      timescale: null,
      strategicLead: 'ACC TP',
      actionOwner: 'Supt Ops',
      dueDate: '2015-03-31',
      dueText: '31-Mar-15',
      initialResponse: 'Initial plan agreed.',
      updates: [
        { effectiveOn: '2015-01-08', text: '8 Jan 2015 - First step.' },
        { effectiveOn: '2015-01-23', text: '23 Jan 2015 - Second step.' },
      ],
      dateOfUpdate: '2015-01-23',
      complete: 'no',
      rag: 'amber',
      key: 'area-for-improvement/AFI.1',
      updatesFrom: 'latest-update',
    });
    expect(plans[0]?.items[1]).toMatchObject({
      text: 'Review cable theft, "end to end".',
      dueDate: null,
      dueText: 'Now',
      complete: 'yes',
      rag: 'complete',
    });
    expect(plans[1]?.items[0]).toMatchObject({ dueDate: '2015-01-31', rag: 'green' });
    expect(fromCsv.skipped).toEqual([{ line: 1, reason: 'column titles' }]);
  });

  it('given an xlsx with one sheet per portfolio and no Portfolio column, then each sheet is a plan', async () => {
    const file = path.join(dir, 'sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    for (const name of ['Operations', 'Human Resources']) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(['Ref', 'Recommendation', 'Due Date', 'RAG']);
      sheet.addRow(['R.1', `Do ${name}.`, new Date(Date.UTC(2015, 2, 31)), 'Red']);
    }
    await workbook.xlsx.writeFile(file);
    const doc = await readDocument(file);
    expect(doc.inspections[0]?.title).toBe('sheets');
    expect(
      doc.inspections[0]?.plans.map((p) => [p.portfolio, p.items[0]?.line, p.items[0]?.dueDate]),
    ).toEqual([
      ['Operations', 2, '2015-03-31'],
      ['Human Resources', 4, '2015-03-31'],
    ]);
  });

  it('given quoted CSV cells with commas and newlines, then records keep their starting line', () => {
    const rows = parseDelimited('a,b\n"x, y","line one\nline two"\nz,w', ',');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'line one\nline two'] },
      { line: 4, cells: ['z', 'w'] },
    ]);
  });

  it('reports progress for table files', async () => {
    const file = path.join(dir, 'progress.tsv');
    writeFileSync(file, ROWS.map((r) => r.join('\t')).join('\n'));
    const seen: number[] = [];
    await readDocument(file, { onProgress: (done, total) => seen.push(done * 10 + total) });
    expect(seen).toEqual([15, 25, 35, 45, 55]);
  });
});
