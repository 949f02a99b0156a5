/**
 * What every query shares: the source it reads, the time point parameters (asOf, knownAt,
 * reportedOn) with their messages, and how a call's parameters become one TimePoint. Every query
 * answers at (asOf, knownAt); both default to now. `knownAt` may be a date, meaning the end of
 * that UTC day, so `{asOf: D, knownAt: D}` is "what the board saw on D" and `{asOf: D}` is "what
 * we now know was true on D". `reportedOn: D` is what the board was actually shown: the snapshot
 * of the latest report presented on or before D, at the exact time point that report records.
 */
import { z } from 'zod';
import { BusinessDate, Instant } from '../../src/domain/fields.js';
import { fieldIssues, ValidationError } from '../../src/errors.js';
import type { AsOfIndex } from '../as-of-index.js';
import type { LiveBoardCounts } from '../live-board-counts.js';
import { type PlansAsked, ReportShown, reportShownOn, timePointOf } from '../presented-report.js';
import { asOfDate, knownAtInstant, type TimePoint, todayUtc } from '../time.js';

/** What queries read: the runner (or any holder of an index) and, for tests, a clock. */
export interface QuerySource {
  readonly index: AsOfIndex;
  /** The board counts kept on apply for the latest point (the runner's); absent: as-of only. */
  readonly counts?: LiveBoardCounts | null;
  readonly now?: () => Date;
}

/** A calendar date, or an instant (only its UTC date is used). */
export const AsOfParam = z
  .union([BusinessDate, Instant], {
    error:
      'must be a real calendar date YYYY-MM-DD, e.g. 2011-04-27 (or a UTC instant such as 2011-04-27T09:30:00.000Z)',
  })
  .describe('Business date YYYY-MM-DD; default today (UTC)');

/** An instant, or a date meaning the end of that UTC day. */
export const KnownAtParam = z
  .union([BusinessDate, Instant], {
    error:
      'must be a real calendar date YYYY-MM-DD (the end of that UTC day) or a UTC instant such as 2011-04-27T09:30:00.000Z',
  })
  .describe('Record time: an instant, or a date meaning the end of that UTC day; default now');

export const TimeParams = z.strictObject({ asOf: AsOfParam.optional(), knownAt: KnownAtParam.optional() });

export type TimeParams = z.infer<typeof TimeParams>;

/** "What the board saw on D": the latest report presented on or before D, exactly as shown. */
export const ReportedOnParam = BusinessDate.describe(
  'What the board saw: the snapshot of the latest board report presented on or before this date, at the time point it records; replaces asOf and knownAt',
);

/** reportedOn names a time point of its own: asking for another one beside it is a mistake. */
export const reportedOnAlone = {
  check: (p: {
    reportedOn?: string | undefined;
    asOf?: string | undefined;
    knownAt?: string | undefined;
    on?: string | undefined;
  }) => p.reportedOn === undefined || (p.asOf === undefined && p.knownAt === undefined && p.on === undefined),
  message: {
    message: 'reportedOn gives the time point itself: leave out asOf, knownAt and on',
    path: ['reportedOn'],
  },
};

export const ReportedTimeParams = TimeParams.extend({ reportedOn: ReportedOnParam.optional() });

export const Time = { asOf: z.string(), knownAt: z.string() };

/** Present when the reader asked for `reportedOn`: the report whose snapshot this is. */
export const Report = { report: ReportShown.optional() };

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError('invalid query parameters', fieldIssues(parsed.error));
}

export const nowOf = (source: QuerySource): Date => source.now?.() ?? new Date();

export function timePoint(
  source: QuerySource,
  p: { asOf?: string | undefined; knownAt?: string | undefined },
): TimePoint {
  const now = nowOf(source);
  return {
    asOf: p.asOf ? asOfDate(p.asOf) : todayUtc(now),
    knownAt: p.knownAt ? knownAtInstant(p.knownAt) : now.toISOString(),
  };
}

export const knownAtOf = (source: QuerySource, knownAt: string | undefined): string =>
  knownAt ? knownAtInstant(knownAt) : nowOf(source).toISOString();

/** The report shown on `reportedOn` for the plans asked about, or undefined when not asked. */
export function reportAsked(
  source: QuerySource,
  reportedOn: string | undefined,
  asked: PlansAsked,
): ReportShown | undefined {
  if (reportedOn === undefined) return undefined;
  return reportShownOn(source.index, reportedOn, asked, nowOf(source).toISOString());
}

/** The time point asked for: the report's when there is one, else (asOf, knownAt). */
export const pointOf = (source: QuerySource, report: ReportShown | undefined, p: TimeParams): TimePoint =>
  report ? timePointOf(report) : timePoint(source, p);

/** Only the plans the report presented (all plans when no report was asked for). */
export const presentedIn = (report: ReportShown | undefined) => (planId: string) =>
  report === undefined || report.planIds.includes(planId);

export const withReport = (report: ReportShown | undefined) => (report ? { report } : {});
