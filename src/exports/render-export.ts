/**
 * One export in one format: which tables each export lays out, and the file that results
 * (bytes, media type, and a file name that carries the time point).
 */
import { toCsv } from './csv.js';
import type { ExportData, ExportFormat } from './export-data.js';
import { toHtml } from './html.js';
import { htmlToPdf } from './pdf.js';
import { changesTable, itemsTable, overdueTable, planTable, summaryTable, type Table } from './tables.js';

export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

const present = (t: Table | null): t is Table => t !== null;

/** CSV is one grid (items of every plan in one table); XLSX gives each plan its own sheet. */
function tablesOf(data: ExportData, format: 'csv' | 'xlsx'): Table[] {
  const perPlan = format === 'xlsx' ? data.plans.map((p) => planTable(p, data)) : [itemsTable(data)];
  switch (data.meta.kind) {
    case 'plan':
      return format === 'xlsx' ? [summaryTable(data), ...perPlan] : perPlan;
    case 'snapshot':
      return [summaryTable(data), ...perPlan];
    case 'board-summary':
      return [summaryTable(data)];
    case 'board-pack':
      return [summaryTable(data), changesTable(data), overdueTable(data), ...perPlan].filter(present);
    default: {
      const unhandled: never = data.meta.kind;
      return unhandled;
    }
  }
}

/** The JSON export: the statement of the time point beside the query answers it was built from. */
export function toJson(data: ExportData): string {
  const { meta, summary, plans, changes, overdue } = data;
  const body: Record<string, unknown> = { export: meta, summary };
  if (meta.kind !== 'board-summary') body.plans = plans;
  if (meta.kind === 'board-pack') Object.assign(body, { changes, overdue });
  return `${JSON.stringify(body, null, 2)}\n`;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

export function fileNameOf(data: ExportData, format: ExportFormat): string {
  const m = data.meta;
  const what = m.kind === 'plan' ? `plan-${slug(data.plans[0]?.plan?.portfolio ?? 'plan')}` : m.kind;
  const known = m.knownAt.slice(0, 10) === m.asOf ? '' : `-known-${m.knownAt.slice(0, 10)}`;
  return `plan-ledger-${what}-as-of-${m.asOf}${known}.${format}`;
}

export async function renderExport(data: ExportData, format: ExportFormat): Promise<ExportFile> {
  const fileName = fileNameOf(data, format);
  switch (format) {
    case 'csv':
      return { body: toCsv(data, tablesOf(data, 'csv')), contentType: 'text/csv; charset=utf-8', fileName };
    case 'xlsx':
      return {
        // exceljs (~2 s of module loading) is loaded by the first XLSX export, not at every start.
        body: await (await import('./xlsx.js')).toXlsx(data, tablesOf(data, 'xlsx')),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
      };
    case 'json':
      return { body: toJson(data), contentType: 'application/json; charset=utf-8', fileName };
    case 'html':
      return { body: toHtml(data), contentType: 'text/html; charset=utf-8', fileName };
    case 'pdf':
      return { body: await htmlToPdf(toHtml(data)), contentType: 'application/pdf', fileName };
    default: {
      const unhandled: never = format;
      return unhandled;
    }
  }
}
