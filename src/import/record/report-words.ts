import { datesInWords } from '../../lib/date-words.js';
import type { LineNote } from '../parsed-document.js';
import { fileNameOf, type ImportFailure, type ImportReport, type ReportNote } from './import-report.js';

/** The report as the runner assembles it: notes still bare (line and reason). */
export type UnnamedReport = Omit<ImportReport, 'skipped' | 'warnings' | 'notes'> & {
  skipped: readonly LineNote[];
  warnings: readonly LineNote[];
  notes: readonly LineNote[];
};

/** A reason that already starts "line 9: " is not told its line twice. */
const withoutOwnLine = (note: LineNote) => note.reason.replace(new RegExp(`^line ${note.line}: `), '');

function named(file: string, note: LineNote): ReportNote {
  return { ...note, message: `${file}, line ${note.line}: ${datesInWords(withoutOwnLine(note))}` };
}

/** A failure or correction sentence that does not start with the file's name gets it. */
function nameFile<T extends { message: string }>(file: string, entry: T): T {
  return entry.message.startsWith(file) ? entry : { ...entry, message: `${file}, ${entry.message}` };
}

/**
 * A secretary importing several files must know which file each line is about: every note,
 * warning, skipped line, correction and failure of the report names the file (CLI and
 * `POST /import` alike), and reads its dates in words. `line` and `reason` stay for machines.
 */
export function namedReport(report: UnnamedReport): ImportReport {
  const file = fileNameOf(report.source);
  return {
    ...report,
    skipped: report.skipped.map((n) => named(file, n)),
    warnings: report.warnings.map((n) => named(file, n)),
    notes: report.notes.map((n) => named(file, n)),
    corrections: report.corrections.map((c) => nameFile(file, c)),
    failures: report.failures.map((f: ImportFailure) => nameFile(file, f)),
  };
}
