import { z } from 'zod';
import { SourceColumn } from '../../domain/provenance.js';
import { dateInWords } from '../../lib/date-words.js';
import { LineNote } from '../parsed-document.js';
import { MissingItem, OlderPaper } from './later-paper.js';
import { Presentation } from './presented-paper.js';

/**
 * A note about one line of the file (skipped, doubtful, or a choice the import made): `line` and
 * `reason` as the reader or planner wrote them, and `message`, the line a person reads, naming the
 * file and line ("004.txt, line 21: …"), dates in words.
 */
export const ReportNote = LineNote.extend({ message: z.string() });
export type ReportNote = z.infer<typeof ReportNote>;

/** A command the ledger refused: the import appends nothing when there is one. */
export const ImportFailure = z.strictObject({
  /** The input line the command came from; null for facts of the whole document. */
  line: z.number().int().nullable(),
  streamId: z.string(),
  command: z.string(),
  /** The rule's stable name (`item.plan_not_found`), or the error's code: for machines, never shown in `message`. */
  rule: z.string(),
  /**
   * The sentence a person reads: file, line (and column), item, every fact of the row that could
   * not be recorded, why, what to do. No ids, no ISO dates, no rule or command names.
   */
  message: z.string(),
  /**
   * For machines, every refused command of the row (one failure per row; `command` and `rule`
   * above are the first of them). Absent on failures that are not a row's (an interrupted append).
   */
  refused: z
    .array(z.strictObject({ command: z.string(), rule: z.string(), column: SourceColumn.nullable() }))
    .optional(),
});
export type ImportFailure = z.infer<typeof ImportFailure>;

/**
 * A fact the document states differently from what the ledger already holds for the same date
 * (docs/import.md, "Corrected re-exports"): recorded as a correction of the held event, or, with
 * `--no-corrections`, refused (then also a failure).
 */
export const ImportCorrection = z.strictObject({
  /** Where the file says it. */
  line: z.number().int().nullable(),
  column: SourceColumn.nullable(),
  sheet: z.string().nullable(),
  streamId: z.string(),
  /** The item, for people ("item AFI.1"). */
  label: z.string(),
  /** The held event the correction targets. */
  correctsEventId: z.string(),
  /** update, response, rag, completed, not-applicable. */
  fact: z.string(),
  /** What the ledger holds, and what the file says (texts whole; RAG in words; dates). */
  held: z.string(),
  says: z.string(),
  /** Where the held version came from ("from 004.txt, line 21", or "typed into the ledger"). */
  heldFrom: z.string(),
  /** The whole difference in one sentence, naming line and column. */
  message: z.string(),
});
export type ImportCorrection = z.infer<typeof ImportCorrection>;

/**
 * What happened to one document:
 * - `dry-run`: decided, nothing appended;
 * - `imported`: every new event appended;
 * - `unchanged`: every fact was already in the ledger (a re-import): nothing appended;
 * - `superseded`: the paper is older than the latest one imported for its plans (`older` says
 *   which): nothing appended, whatever it holds that the ledger does not;
 * - `failed`: a command was refused: nothing appended;
 * - `interrupted`: an append failed part-way (another writer, a crash); streams before it hold
 *   their events, and running the same import again completes it (see docs/import.md).
 */
export const ImportStatus = z.enum([
  'dry-run',
  'imported',
  'unchanged',
  'superseded',
  'failed',
  'interrupted',
]);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** The report of one document's import (CLI `--json`, `POST /import`). */
export const ImportReport = z.strictObject({
  source: z.string(),
  /** SHA-256 of the document's content: the seed of every event id. */
  sourceId: z.string(),
  /** The correlation id on every event of this import. */
  importId: z.string(),
  status: ImportStatus,
  /** The date the document's undated facts (inspection, plans, items, owners) fall on. */
  startDate: z.string(),
  /** The board report this document was recorded as (null when none new: a re-import, a failure). */
  presented: Presentation.nullable(),
  rows: z.strictObject({
    /** Item rows read. */
    read: z.number().int(),
    /** Lines not used (page banners, titles, rules), each listed in `skipped`. */
    skipped: z.number().int(),
    /** Rows used but doubtful, each listed in `warnings`. */
    doubtful: z.number().int(),
  }),
  events: z.strictObject({
    /** Events decided for this document (new ones). */
    planned: z.number().int(),
    appended: z.number().int(),
    /** Commands whose events this same source already stored (a re-run). */
    alreadyImported: z.number().int(),
    /** Commands whose fact the ledger already holds from elsewhere (same RAG, same response…). */
    alreadyTrue: z.number().int(),
    /** New events by type. */
    byType: z.record(z.string(), z.number().int()),
  }),
  streams: z.strictObject({
    planned: z.number().int(),
    /** Streams that received events (or would, on a dry run). */
    changed: z.number().int(),
    appended: z.number().int(),
  }),
  /** The log's head before and after (equal when nothing was appended). */
  headBefore: z.number().int(),
  headAfter: z.number().int(),
  skipped: z.array(ReportNote),
  warnings: z.array(ReportNote),
  /** The write side's choices about rows: fallback dates, split items, facts not recorded. */
  notes: z.array(ReportNote),
  /** Set when the paper is older than the latest one already imported for its plans. */
  older: OlderPaper.nullable(),
  /** Items the ledger lists under the paper's plans that the paper does not list: reported, never deleted. */
  missing: z.array(MissingItem),
  /** Facts the document states differently from the ledger: corrections (recorded, planned or refused). */
  corrections: z.array(ImportCorrection),
  failures: z.array(ImportFailure),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** A titled list of lines, each already a sentence naming its file and line. */
const listNotes = (title: string, notes: readonly { message: string }[], limit: number) => {
  if (notes.length === 0) return [];
  const shown = notes.slice(0, limit).map((n) => `  ${n.message}`);
  const more = notes.length > limit ? [`  … and ${notes.length - limit} more (--json lists all)`] : [];
  return [`${title} (${notes.length}):`, ...shown, ...more];
};

const DATE_FROM = {
  paper: 'the date the paper states',
  option: 'given with --board-date',
  'latest-date': 'the paper states no date: the latest date it holds',
} as const;

/** Which board report the paper was recorded as, and where its date came from. */
function presentedLines(p: Presentation | null): string[] {
  if (!p) return [];
  const shown =
    p.asOf === p.boardDate
      ? ''
      : `, showing its rows as at ${dateInWords(p.asOf)} (the latest date it holds)`;
  const digest = p.snapshotDigest ? `; snapshot digest ${p.snapshotDigest.slice(0, 16)}…` : '';
  return [
    `  presented to ${p.boardName} on ${dateInWords(p.boardDate)} (${DATE_FROM[p.boardDateFrom]})${shown}${digest}`,
  ];
}

/** Corrections the file makes to what the ledger held (refused ones are listed as failures). */
function correctionLines(report: ImportReport, limit: number): string[] {
  if (report.corrections.length === 0 || report.failures.some((f) => f.rule === CONTRADICTION_RULE))
    return [];
  const verb =
    report.status === 'imported'
      ? 'recorded'
      : report.status === 'dry-run'
        ? 'would be recorded'
        : 'not recorded';
  return listNotes(
    `  corrections ${verb}: the file differs from what the ledger holds`,
    report.corrections,
    limit,
  );
}

/** "004.txt" from "/home/sec/papers/004.txt" (or a Windows path): the name every report line gives. */
export const fileNameOf = (source: string) => source.split(/[\\/]/).pop() || source;

/** The rule of a refused contradiction (`--no-corrections`). */
export const CONTRADICTION_RULE = 'import.contradiction';

/** "1 warning", "13 warnings". */
const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The report for people: a summary, then every failure, and the notes (first `limit` of each list). */
export function renderReport(report: ImportReport, limit = 50): string {
  const types = Object.entries(report.events.byType)
    .map(([type, n]) => `${type} ${n}`)
    .join(', ');
  const dry = report.status === 'dry-run';
  const { rows, events, streams } = report;
  const lines = [
    `${report.source}: ${report.status}`,
    `  rows: ${rows.read} read, ${counted(rows.skipped, 'line')} skipped, ${counted(rows.doubtful, 'warning')}`,
    `  facts: ${events.planned} new${dry ? ' (dry run: nothing written)' : `, ${events.appended} written`}, ${events.alreadyImported} already imported, ${events.alreadyTrue} already true in the ledger`,
    `  records (the inspection, its plans and items, the board): ${streams.planned} in the file, ${streams.changed} changed, ${streams.appended} written`,
    `  ledger position: ${report.headBefore < 0 ? 'empty' : report.headBefore} before, ${report.headAfter < 0 ? 'empty' : report.headAfter} after`,
    `  facts the file does not date are recorded as of ${dateInWords(report.startDate)}`,
    `  import id ${report.importId} (every fact it recorded carries it); file fingerprint ${report.sourceId.slice(0, 16)}…`,
    ...(types === '' ? [] : [`  by type: ${types}`]),
    ...presentedLines(report.presented),
    ...(report.older ? [`  OLDER PAPER: ${report.older.message}`] : []),
    // People read the sentence; the rule and command names stay in --json for machines.
    ...report.failures.map((f) => `  REFUSED ${f.message}`),
    ...(report.status === 'failed'
      ? [
          `  nothing from ${fileNameOf(report.source)} was imported: correct what the lines above name and import again`,
        ]
      : []),
    ...listNotes('  skipped lines', report.skipped, limit),
    ...listNotes('  warnings', report.warnings, limit),
    ...listNotes('  import notes', report.notes, limit),
    ...correctionLines(report, limit),
    ...listNotes(
      '  items not in this paper (kept in the ledger)',
      report.missing.map((m) => ({ message: `${fileNameOf(report.source)}: ${m.message}` })),
      limit,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
