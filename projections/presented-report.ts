import { z } from 'zod';
import { BusinessDate, Instant, Ulid } from '../src/domain/fields.js';
import { NotFoundError } from '../src/errors.js';
import type { AsOfIndex } from './as-of-index.js';
import type { BoardReportView } from './board-report-view.js';
import type { TimePoint } from './time.js';

/**
 * The report an answer shows when a reader asks "what did the board see on D" (`reportedOn`):
 * which board, which meeting, and the exact time point of the snapshot that was presented.
 */
export const ReportShown = z.strictObject({
  boardId: Ulid,
  boardName: z.string(),
  boardDate: BusinessDate,
  /** The board stream's revision of the report (GET /boards/{boardId}/reports/{revision}/verification). */
  revision: z.number().int().nonnegative(),
  /** The snapshot shown: business date ... */
  asOf: BusinessDate,
  /** ... and record time. Facts recorded after it, even the same afternoon, are not in it. */
  knownAt: Instant,
  snapshotDigest: z.string().nullable(),
  /** The plans the report presented. */
  planIds: z.array(Ulid),
});
export type ReportShown = z.infer<typeof ReportShown>;

/** Which plans the reader asks about: one plan, one inspection's, or any. */
export interface PlansAsked {
  planId?: string | undefined;
  inspectionId?: string | undefined;
}

const shown = (r: BoardReportView): ReportShown => ({
  boardId: r.boardId,
  boardName: r.boardName,
  boardDate: r.boardDate,
  revision: r.revision,
  asOf: r.asOf,
  knownAt: r.knownAt,
  snapshotDigest: r.snapshotDigest,
  planIds: r.planIds,
});

/** Later board date first; on one date, the report presented last. */
const later = (a: BoardReportView, b: BoardReportView): number =>
  a.boardDate !== b.boardDate
    ? a.boardDate < b.boardDate
      ? 1
      : -1
    : a.knownAt !== b.knownAt
      ? a.knownAt < b.knownAt
        ? 1
        : -1
      : b.revision - a.revision;

/** Every report (known now) that presented one of the plans asked about, latest first. */
export function reportsAbout(index: AsOfIndex, asked: PlansAsked, now: string): BoardReportView[] {
  const everything: TimePoint = { asOf: '9999-12-31', knownAt: now };
  const concerns = (report: BoardReportView): boolean => {
    if (asked.planId !== undefined) return report.planIds.includes(asked.planId);
    if (asked.inspectionId === undefined) return true;
    return report.planIds.some((id) => index.planAt(id, everything)?.inspectionId === asked.inspectionId);
  };
  return index.boardReportsAt(everything).filter(concerns).sort(later);
}

const describe = (asked: PlansAsked): string =>
  asked.planId !== undefined
    ? `plan ${asked.planId}`
    : asked.inspectionId !== undefined
      ? `the plans of inspection ${asked.inspectionId}`
      : 'any plan';

/**
 * The latest report presented on or before `reportedOn` for the plans asked about (reports as
 * known now: a report recorded late still counts). No such report → NotFoundError that says so
 * and names the earliest report there is, so the reader knows which date to ask for.
 */
export function reportShownOn(
  index: AsOfIndex,
  reportedOn: string,
  asked: PlansAsked,
  now: string,
): ReportShown {
  const reports = reportsAbout(index, asked, now);
  const found = reports.find((r) => r.boardDate <= reportedOn);
  if (found) return shown(found);
  const earliest = reports.at(-1);
  const hint = earliest
    ? `; the earliest is the report to ${earliest.boardName} on ${earliest.boardDate}`
    : '; no report has been presented for them at all';
  throw new NotFoundError(
    'board report',
    `on or before ${reportedOn} for ${describe(asked)}`,
    `no board report was presented on or before ${reportedOn} for ${describe(asked)}${hint}`,
    earliest ? { earliestReport: shown(earliest) } : {},
  );
}

/** The report presented just before this one to the same board (for "changes since the last board"). */
export function previousReport(index: AsOfIndex, report: ReportShown, now: string): ReportShown | null {
  const earlier = index
    .boardReportsAt({ asOf: '9999-12-31', knownAt: now })
    .filter((r) => r.boardId === report.boardId && r.boardDate < report.boardDate)
    .sort(later)[0];
  return earlier ? shown(earlier) : null;
}

/** The time point a report shows. */
export const timePointOf = (report: ReportShown): TimePoint => ({
  asOf: report.asOf,
  knownAt: report.knownAt,
});
