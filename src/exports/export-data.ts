/**
 * What an export holds, gathered through the read side's own query functions (never a second
 * implementation of them), plus what makes the file checkable later: the time point it was read
 * at, the board report it reproduces (if any) and the ledger digest it was built from.
 */
import { z } from 'zod';
import type { BoardSummary } from '../../projections/board-summary-schema.js';
import type { ChangesBetween } from '../../projections/changes-between.js';
import type { PlanSnapshot } from '../../projections/current-plans.js';
import type { OverdueReport } from '../../projections/overdue.js';
import { ReportShown } from '../../projections/presented-report.js';
import {
  boardReports,
  boardSummary,
  changesBetween,
  getPlan,
  getPlans,
  listPlans,
  overdue,
  type QuerySource,
  TimeParams,
} from '../../projections/runtime/queries.js';
import { computeDigest } from '../app/ledger-proofs.js';
import { BusinessDate, Instant, Ulid } from '../domain/fields.js';
import { ValidationError } from '../errors.js';
import type { EventStore } from '../store/event-store.js';

/** What is exported: one plan, every plan, the summary table, or the whole board pack. */
export const ExportKind = z.enum(['plan', 'snapshot', 'board-summary', 'board-pack']);
export type ExportKind = z.infer<typeof ExportKind>;

/** The file format. `html` and `pdf` are the printable board pack only. */
export const ExportFormat = z.enum(['csv', 'xlsx', 'json', 'html', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The query of every export: the format, the time point and what to narrow it to. */
export const ExportParams = TimeParams.extend({
  /** What the board saw: the latest report presented on or before this date, exactly as shown. */
  reportedOn: BusinessDate.optional(),
  /** csv, xlsx or json for every export; html and pdf for the board pack. */
  format: ExportFormat,
  /** Only this inspection's plans (snapshot, board summary, board pack). */
  inspectionId: Ulid.optional(),
  /** The plan to export; required for the plan export. */
  planId: Ulid.optional(),
});
export type ExportParams = z.infer<typeof ExportParams>;

/** The board report an export reproduces: the one asked for by `reportedOn`, or one whose time point it is. */
export const ReproducedReport = ReportShown;
export type ReproducedReport = ReportShown;

/** Stated at the top of every export file. */
export const ExportMeta = z.strictObject({
  kind: ExportKind,
  title: z.string(),
  asOf: BusinessDate,
  knownAt: Instant,
  report: ReproducedReport.nullable(),
  /** The RFC 6962 root over the ledger's events when the export was built (see docs/architecture.md, Integrity). */
  ledgerDigest: z.strictObject({ treeSize: z.number().int().nonnegative(), rootHash: z.string() }),
  generatedAt: Instant,
});
export type ExportMeta = z.infer<typeof ExportMeta>;

export interface ExportData {
  meta: ExportMeta;
  /** Every plan in the export (one for the plan export); none for the board summary. */
  plans: PlanSnapshot[];
  summary: BoardSummary;
  /** Board pack only: changes since the previous board date (null when there is none). */
  changes: ChangesBetween | null;
  /** Board pack only. */
  overdue: OverdueReport | null;
  /** planId → portfolio, for sentences like "transferred to Crime and Justice". */
  planNames: Map<string, string>;
}

export interface ExportSource {
  source: QuerySource;
  store: EventStore;
  now: () => Date;
}

const TITLES: Record<ExportKind, string> = {
  plan: 'Plan',
  snapshot: 'Plans',
  'board-summary': 'Board summary',
  'board-pack': 'Board pack',
};

/**
 * Without `reportedOn`, an export still reproduces a report when it is read at exactly the time
 * point that report recorded (its asOf and knownAt), for the plans exported.
 */
function reportAtPoint(
  ctx: ExportSource,
  asOf: string,
  knownAt: string,
  planIds: readonly string[],
): ReportShown | null {
  const match = boardReports(ctx.source, { asOf, knownAt })
    .reports.filter((r) => r.asOf === asOf && r.knownAt === knownAt)
    .filter((r) => planIds.length === 0 || planIds.some((p) => r.planIds.includes(p)))
    .at(-1);
  if (!match) return null;
  const { boardId, boardName, boardDate, revision, snapshotDigest } = match;
  return { boardId, boardName, boardDate, revision, asOf, knownAt, snapshotDigest, planIds: match.planIds };
}

/** Reads everything an export of `kind` shows, at the time point of `params`. */
export async function gatherExport(
  ctx: ExportSource,
  kind: ExportKind,
  params: ExportParams,
): Promise<ExportData> {
  if ((params.format === 'html' || params.format === 'pdf') && kind !== 'board-pack') {
    throw new ValidationError('html and pdf are the printable board pack', [
      { path: 'query.format', message: `${params.format} is for the board pack only; use csv, xlsx or json` },
    ]);
  }
  if (kind === 'plan' && params.planId === undefined) {
    throw new ValidationError('the plan export needs a plan', [
      { path: 'query.planId', message: 'is required for the plan export (a plan id, e.g. from GET /plans)' },
    ]);
  }
  // The digest first: the export then reflects at least the events the digest covers.
  const ledgerDigest = await computeDigest(ctx.store);
  const time = { asOf: params.asOf, knownAt: params.knownAt, reportedOn: params.reportedOn };
  const names = new Map<string, string>();
  for (const p of listPlans(ctx.source, {}).plans) if (p.plan) names.set(p.planId, p.plan.portfolio);

  let plans: PlanSnapshot[] = [];
  let shown: ReportShown | null = null;
  let inspectionId = params.inspectionId;
  if (kind === 'plan' && params.planId !== undefined) {
    const { asOf: _a, knownAt: _k, report, ...plan } = getPlan(ctx.source, params.planId, time);
    plans = [plan];
    shown = report ?? null;
    inspectionId = plan.plan?.inspectionId ?? inspectionId;
  } else if (kind === 'snapshot' || kind === 'board-pack') {
    plans = getPlans(ctx.source, { ...time, inspectionId }).plans.filter(
      (p) => p.plan !== null || p.items.length > 0,
    );
    plans.sort((a, b) => (a.plan?.portfolio ?? '').localeCompare(b.plan?.portfolio ?? '', 'en'));
  }
  const summary = boardSummary(ctx.source, { ...time, inspectionId });
  if (kind === 'plan') {
    // The plan's own row of the summary; `overall` is then that plan's numbers.
    const own = summary.portfolios.filter((p) => p.planId === params.planId);
    summary.portfolios = own;
    if (own[0])
      summary.overall = {
        recommendations: own[0].recommendations,
        areasForImprovement: own[0].areasForImprovement,
      };
  }
  const { asOf, knownAt } = summary;

  let changes: ChangesBetween | null = null;
  let due: OverdueReport | null = null;
  const planIds = plans.map((p) => p.planId);
  const report = shown ?? summary.report ?? reportAtPoint(ctx, asOf, knownAt, kind === 'plan' ? planIds : []);
  if (kind === 'board-pack') {
    if (params.reportedOn) {
      // As presented: the server dates changes (since the board's previous report) and overdue.
      changes = changesBetween(ctx.source, { reportedOn: params.reportedOn, inspectionId });
      due = overdue(ctx.source, { reportedOn: params.reportedOn, inspectionId });
    } else {
      const previous = boardReports(ctx.source, { asOf, knownAt })
        .reports.map((r) => r.boardDate)
        .filter((d) => d < asOf)
        .pop();
      changes = previous
        ? changesBetween(ctx.source, { from: previous, to: asOf, knownAt, inspectionId })
        : null;
      due = overdue(ctx.source, { on: asOf, knownAt, inspectionId });
    }
  }
  const title = kind === 'plan' ? `Plan: ${plans[0]?.plan?.portfolio ?? params.planId}` : TITLES[kind];
  return {
    meta: {
      kind,
      title,
      asOf,
      knownAt,
      report,
      ledgerDigest,
      generatedAt: ctx.now().toISOString(),
    },
    plans,
    summary,
    changes,
    overdue: due,
    planNames: names,
  };
}

/** One sentence for the top of a file: what it shows, when, and how to check it. */
export function describeTimePoint(meta: ExportMeta): string[] {
  const lines = [
    `${meta.title}, as of ${meta.asOf} (business date), as recorded by ${meta.knownAt} (UTC).`,
    meta.report
      ? `Reproduces the report presented to ${meta.report.boardName} on ${meta.report.boardDate} (board report revision ${meta.report.revision}${meta.report.snapshotDigest ? `, snapshot digest ${meta.report.snapshotDigest}` : ''}).`
      : 'Reproduces no board report: no report was presented at this time point.',
    `Ledger digest ${meta.ledgerDigest.rootHash} over the first ${meta.ledgerDigest.treeSize} events (check it with: ledger digest --size ${meta.ledgerDigest.treeSize}).`,
    `Generated ${meta.generatedAt} by Plan Ledger.`,
  ];
  return lines;
}
