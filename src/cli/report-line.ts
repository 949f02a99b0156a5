import type { ReportShown } from '../../projections/presented-report.js';

/** The `--reported-on` option every read that can show "what the board saw" takes. */
export const reportedOnOption = { 'reported-on': { type: 'string' } } as const;

export const REPORTED_ON_USAGE = `  --reported-on <date>  what the board was shown: the latest board report presented on or before
                       that date, exactly as presented (replaces --as-of / --known-at)`;

/** Names the report an answer shows, in the board secretary's words; nothing when none was asked. */
export function reportLine(report: ReportShown | undefined): string {
  if (!report) return '';
  const digest = report.snapshotDigest ? `, snapshot digest ${report.snapshotDigest.slice(0, 12)}…` : '';
  return `What the board saw: the report to ${report.boardName} on ${report.boardDate} (plans as at ${report.asOf}, as recorded by ${report.knownAt}${digest})\n`;
}
