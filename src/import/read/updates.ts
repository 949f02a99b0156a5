import type { LineNote, ParsedUpdate } from '../parsed-document.js';
import { parseDate } from './dates.js';

/**
 * A dated entry starts at the start of the cell, of a line (optionally a "- " list line) or of a
 * sentence (anywhere when it says "Update <date>", a marker too explicit to be prose), with an optional "Update", a day-month-year date (`24 April 2015`, `24th April 2015`, or `24/4/2015` in UK order), an optional "from <who>", then a
 * dash. Dates in the middle of a sentence ("by 23 January 2015") are not entry starts.
 */
const ENTRY_START =
  /(^|\n|[.!?)]\s+|\s+(?=Update\s+\d))((?:-\s+)?(?:Update\s+)?(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{4})(?:\s+from\s+[^\n]{1,60}?)?\s*[-–:]\s)/g;

interface Marker {
  start: number;
  date: string | null;
}

function findMarkers(text: string): Marker[] {
  const markers: Marker[] = [];
  for (const m of text.matchAll(ENTRY_START)) {
    const lead = m[1] ?? '';
    markers.push({ start: (m.index ?? 0) + lead.length, date: parseDate(m[3] ?? '') });
  }
  return markers;
}

function entryText(raw: string): string {
  return raw.replace(/^-\s+/, '').trim();
}

/** Result of splitting one cell into dated updates. */
export interface SplitUpdates {
  updates: ParsedUpdate[];
  warnings: LineNote[];
}

/**
 * Splits a cell holding several dated updates into separate updates, oldest first. Text before
 * the first dated entry (or a cell with no dated entry) takes the row's Date of Update, or null
 * with a warning when the row has none.
 */
export function splitUpdates(cell: string, rowDate: string | null, line: number): SplitUpdates {
  const warnings: LineNote[] = [];
  const markers = findMarkers(cell);
  const pieces: ParsedUpdate[] = [];
  const firstStart = markers[0]?.start ?? cell.length;
  const lead = entryText(cell.slice(0, firstStart));
  if (lead !== '') {
    if (rowDate === null)
      warnings.push({
        line,
        reason:
          'an update gives no date and the row has no Date of Update: it was dated as the import notes say. Write its date at the start of the update and import again',
      });
    pieces.push({ effectiveOn: rowDate, text: lead, dateStated: false });
  }
  markers.forEach((marker, i) => {
    const end = markers[i + 1]?.start ?? cell.length;
    const text = entryText(cell.slice(marker.start, end));
    if (marker.date === null)
      warnings.push({
        line,
        reason: `an update starts "${text.slice(0, 40)}" but its date cannot be read; expected a date such as 24 April 2015. It was imported dated ${rowDate === null ? 'as the import notes say' : `by the row's Date of Update (${rowDate})`}: correct the date and import again to record it`,
      });
    pieces.push({ effectiveOn: marker.date ?? rowDate, text, dateStated: marker.date !== null });
  });
  return { updates: sortByDate(withoutRepeats(pieces, line, warnings)), warnings };
}

/**
 * Exports sometimes paste an update twice, the first copy cut short (seed 000 line 13): an entry
 * that is the same as, or the start of, another entry of the same date is that entry, once.
 */
function withoutRepeats(pieces: readonly ParsedUpdate[], line: number, warnings: LineNote[]): ParsedUpdate[] {
  const kept: ParsedUpdate[] = [];
  pieces.forEach((a, i) => {
    const fuller = pieces.findIndex(
      (b, j) =>
        j !== i &&
        b.effectiveOn === a.effectiveOn &&
        (b.text.length > a.text.length || (b.text === a.text && j < i)) &&
        b.text.startsWith(a.text.replace(/[.\s…]+$/, '')),
    );
    if (fuller < 0) {
      kept.push(a);
      return;
    }
    warnings.push({
      line,
      reason: `an update is pasted twice in the cell ("${a.text.slice(0, 40)}…" repeats a fuller entry of the same date): it was recorded once`,
    });
  });
  return kept;
}

/** Oldest first; undated entries keep their order at the end (a stable sort). */
export function sortByDate(updates: readonly ParsedUpdate[]): ParsedUpdate[] {
  return [...updates].sort((a, b) => {
    if (a.effectiveOn === b.effectiveOn) return 0;
    if (a.effectiveOn === null) return 1;
    if (b.effectiveOn === null) return -1;
    return a.effectiveOn < b.effectiveOn ? -1 : 1;
  });
}
