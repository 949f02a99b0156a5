import type { ParsedDocument } from '../../src/import/parsed-document.js';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';

/**
 * Small factories for versions of one plan exported month after month as CSV: each test states
 * only the cells it is about. The file is read by the real reader, as a user's file would be.
 */
export const INSPECTION = 'HMIC Versions Inspection 2015';

const HEADER = [
  'Ref',
  'Recommendation',
  'Portfolio',
  'Strategic Lead',
  'Action Owner',
  'Due Date',
  'Initial Response',
  'Latest Update',
  'Date of Update',
  'Complete',
  'RAG Status',
];

/** One row of a version; anything left out takes the default below. */
export interface VersionRow {
  ref: string;
  text?: string;
  portfolio?: string;
  lead?: string;
  owner?: string;
  due?: string;
  response?: string;
  latest?: string;
  date?: string;
  complete?: string;
  rag?: string;
}

function cells(r: VersionRow): string[] {
  return [
    r.ref,
    r.text ?? `The force should act on ${r.ref}.`,
    r.portfolio ?? 'Territorial Policing',
    r.lead ?? 'ACC TP',
    r.owner ?? 'Supt Ops',
    r.due ?? '31-Mar-15',
    r.response ?? 'Accepted: a plan is being drawn up.',
    r.latest ?? '',
    r.date ?? '',
    r.complete ?? '',
    r.rag ?? '',
  ];
}

/** The CSV text of a version. */
export function versionCsv(rows: readonly VersionRow[]): string {
  return [HEADER, ...rows.map(cells)]
    .map((row) => row.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\n');
}

/** A version read from its bytes under `name`, as `ledger import name` would read it. */
export async function versionDocument(
  rows: readonly VersionRow[],
  name = 'plan.csv',
): Promise<ParsedDocument> {
  const bytes = new TextEncoder().encode(versionCsv(rows));
  return (await readDocumentBytesTraced(bytes, name, { inspection: INSPECTION })).document;
}
