/**
 * The tables of an export, independent of the file format: the CSV and XLSX writers lay out the
 * same tables, so a number is the same whichever file a reader opens. Dates stay `YYYY-MM-DD`
 * strings here; each writer turns them into its own kind of date.
 */
import type { SummaryCounts } from '../../projections/board-summary-schema.js';
import type { ItemChange } from '../../projections/changes-between.js';
import type { PlanItem, PlanSnapshot } from '../../projections/current-plans.js';
import type { ExportData } from './export-data.js';

/** How a writer shows a column: `rag` and `status` cells are spelled out and coloured. */
export type ColumnKind = 'text' | 'long-text' | 'number' | 'date' | 'rag' | 'status' | 'id';
export interface Column {
  header: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export interface Table {
  /** Short name (an XLSX sheet name, before it is made unique and cut to 31 characters). */
  name: string;
  /** The line above the table. */
  title: string;
  columns: Column[];
  rows: Cell[][];
}

export const RAG_WORDS: Record<string, string> = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };
export const STATUS_WORDS: Record<string, string> = {
  open: 'Open',
  complete: 'Complete',
  'not-applicable': 'Not applicable',
};
const KIND_WORDS: Record<string, string> = {
  recommendation: 'Recommendation',
  'area-for-improvement': 'Area for improvement',
  'national-recommendation': 'National recommendation',
  'sub-recommendation': 'Sub-recommendation',
};
const ROLE_WORDS: Record<string, string> = {
  lead: 'Answers for it',
  shared: 'Shared; led by another plan',
  'transferred-out': 'Transferred out',
};

const col = (header: string, kind: ColumnKind = 'text'): Column => ({ header, kind });

export const SUMMARY_COLUMNS: Column[] = [
  col('Portfolio'),
  col('Items'),
  col('Total', 'number'),
  col('Completed', 'number'),
  col('Green', 'number'),
  col('Amber', 'number'),
  col('Red', 'number'),
  col('Of which not applicable', 'number'),
  col('Awaiting a RAG', 'number'),
  col('Plan id', 'id'),
];

const countsRow = (portfolio: string, items: string, c: SummaryCounts, planId: string): Cell[] => [
  portfolio,
  items,
  c.total,
  c.completed,
  c.green,
  c.amber,
  c.red,
  c.ofWhichNotApplicable,
  c.awaitingRag,
  planId,
];

/** Total / Completed / Green / Amber / Red per portfolio, then all portfolios together. */
export function summaryTable(data: ExportData): Table {
  const rows: Cell[][] = [];
  for (const p of data.summary.portfolios) {
    const name = p.portfolio ?? data.planNames.get(p.planId) ?? p.planId;
    rows.push(countsRow(name, 'Recommendations', p.recommendations, p.planId));
    rows.push(countsRow(name, 'Areas for improvement', p.areasForImprovement, p.planId));
  }
  const all = data.meta.kind === 'plan' ? null : data.summary.overall;
  if (all) {
    rows.push(countsRow('All portfolios', 'Recommendations', all.recommendations, ''));
    rows.push(countsRow('All portfolios', 'Areas for improvement', all.areasForImprovement, ''));
  }
  return { name: 'Summary', title: 'Board summary', columns: SUMMARY_COLUMNS, rows };
}

export const ITEM_COLUMNS: Column[] = [
  col('Portfolio'),
  col('Ref'),
  col('Kind'),
  col('Recommendation or area for improvement', 'long-text'),
  col('Strategic lead'),
  col('Action owner'),
  col('Due date', 'date'),
  col('Timescale'),
  col('RAG', 'rag'),
  col('Status', 'status'),
  col('Closed on', 'date'),
  col('Latest update on', 'date'),
  col('Latest update', 'long-text'),
  col('In this plan'),
  col('Last change', 'date'),
  col('Item id', 'id'),
];

function itemRow(portfolio: string, entry: PlanItem, planNames: Map<string, string>): Cell[] {
  const { item } = entry;
  const last = item.transfers[item.transfers.length - 1];
  const role =
    entry.role === 'transferred-out'
      ? `Transferred to ${planNames.get(item.planId) ?? item.planId}`
      : entry.transferredIn
        ? `Answers for it (transferred in from ${planNames.get(last?.fromPlanId ?? '') ?? 'another portfolio'})`
        : (ROLE_WORDS[entry.role] ?? entry.role);
  return [
    portfolio,
    item.ref,
    KIND_WORDS[item.kind] ?? item.kind,
    item.text,
    item.strategicLead,
    item.actionOwner,
    item.dueDate,
    item.timescale,
    item.rag,
    item.status,
    item.closedOn,
    item.latestUpdate?.effectiveOn ?? null,
    item.latestUpdate?.text ?? null,
    role,
    item.lastChangedOn,
    item.itemId,
  ];
}

const portfolioOf = (plan: PlanSnapshot) => plan.plan?.portfolio ?? plan.planId;

/** One plan's items, as its document lists them. */
export function planTable(plan: PlanSnapshot, data: ExportData): Table {
  const portfolio = portfolioOf(plan);
  return {
    name: portfolio,
    title: `${portfolio}: plan owner ${plan.plan?.planOwner ?? '—'}, portfolio owner ${plan.plan?.portfolioOwner ?? '—'}`,
    columns: ITEM_COLUMNS,
    rows: plan.items.map((e) => itemRow(portfolio, e, data.planNames)),
  };
}

/** Every plan's items in one table (the CSV of several plans: one header, filterable by portfolio). */
export function itemsTable(data: ExportData): Table {
  return {
    name: 'Items',
    title: 'Items by portfolio',
    columns: ITEM_COLUMNS,
    rows: data.plans.flatMap((p) => p.items.map((e) => itemRow(portfolioOf(p), e, data.planNames))),
  };
}

/** One change in words, e.g. "re-rated Amber to Green". */
export function changeWords(c: ItemChange, planNames: Map<string, string>): string {
  const plan = (id: string) => planNames.get(id) ?? id;
  const rag = (r: string | null) => (r ? (RAG_WORDS[r] ?? r) : 'not rated');
  switch (c.change) {
    case 'added':
      return 'added';
    case 'removed':
      return 'removed';
    case 'updated':
      return `${c.newUpdates} new update${c.newUpdates === 1 ? '' : 's'}${c.latest ? ` (latest ${c.latest.effectiveOn}: ${c.latest.text})` : ''}`;
    case 'responded':
      return `new response${c.effectiveOn ? ` (${c.effectiveOn})` : ''}: ${c.response}`;
    case 're-rated':
      return `re-rated ${rag(c.from)} to ${rag(c.to)}`;
    case 'completed':
      return 'completed';
    case 'marked-not-applicable':
      return 'marked not applicable';
    case 'reopened':
      return 'reopened';
    case 'transferred':
      return `transferred from ${plan(c.fromPlanId)} to ${plan(c.toPlanId)}`;
    case 'lead-changed':
      return `lead moved from ${plan(c.fromPlanId)} to ${plan(c.toPlanId)}`;
    case 'due-date-moved':
      return `due date ${c.from ?? c.fromTimescale ?? '—'} to ${c.to ?? c.toTimescale ?? '—'}${c.escalated ? ' (escalated)' : ''}`;
    case 'owners-changed':
      return `owners ${c.from.strategicLead ?? '—'} / ${c.from.actionOwner ?? '—'} to ${c.to.strategicLead ?? '—'} / ${c.to.actionOwner ?? '—'}`;
    default: {
      const unhandled: never = c;
      return unhandled;
    }
  }
}

/** Board pack: what changed since the previous board, one row per change. */
export function changesTable(data: ExportData): Table | null {
  if (!data.changes) return null;
  const { from, to } = data.changes;
  return {
    name: 'Changes',
    title: `Changes from ${from} to ${to}`,
    columns: [col('Portfolio'), col('Ref'), col('Change', 'long-text'), col('Item id', 'id')],
    rows: data.changes.items.flatMap((i) =>
      i.changes.map((c) => [
        data.planNames.get(i.planId) ?? i.planId,
        i.ref,
        changeWords(c, data.planNames),
        i.itemId,
      ]),
    ),
  };
}

/** Board pack: open items past due, then due soon. */
export function overdueTable(data: ExportData): Table | null {
  if (!data.overdue) return null;
  const o = data.overdue;
  const row = (when: string, d: (typeof o.overdue)[number]): Cell[] => [
    when,
    data.planNames.get(d.item.leadPlanId) ?? d.item.leadPlanId,
    d.item.ref,
    d.dueDate,
    d.daysOverdue,
    d.item.rag,
    d.actionOwner,
    d.escalated ? 'Escalated' : null,
    d.item.itemId,
  ];
  return {
    name: 'Overdue',
    title: `Overdue on ${o.on}, and due within ${o.dueSoonDays} days`,
    columns: [
      col('When'),
      col('Portfolio'),
      col('Ref'),
      col('Due date', 'date'),
      col('Days overdue', 'number'),
      col('RAG', 'rag'),
      col('Action owner'),
      col('Escalated'),
      col('Item id', 'id'),
    ],
    rows: [...o.overdue.map((d) => row('Overdue', d)), ...o.dueSoon.map((d) => row('Due soon', d))],
  };
}
