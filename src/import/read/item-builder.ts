import { dateInWords } from '../../lib/date-words.js';
import type { Completion, ItemKind, LineNote, ParsedItem, Rag } from '../parsed-document.js';
import type { ColumnLayout, ColumnRole } from './columns.js';
import { isKnownNonDate, parseDate } from './dates.js';
import { cellText } from './html-text.js';
import { extractGluedRef, looksLikeRef, readRef } from './refs.js';
import { splitUpdates } from './updates.js';

/** What the rows above an item say about it (headings, column titles, the paper). */
export interface ItemContext {
  line: number;
  /** Kind announced by the latest heading of the plan ("SUB RECOMMENDATIONS …"). */
  headingKind: ItemKind | null;
  /** Kind implied by the text column's title. */
  titleKind: ItemKind | null;
  section: string | null;
  timescale: string | null;
  /** The board paper's own date: updates after it are doubtful. */
  paperDate: string | null;
  /** The table's columns as titled, so a doubt names the column the reader sees. */
  columns?: ColumnLayout['columns'];
}

/**
 * A cell that cannot be read, in the words of the person who filled it in: which column, what it
 * says, what was expected, and what the import did instead (docs/import.md, "Messages").
 */
function unreadableCell(
  columns: ColumnLayout['columns'] | undefined,
  role: ColumnRole,
  usual: string,
  found: string,
  expected: string,
  without: string,
): string {
  const col = columns?.[role];
  const name = col?.title
    ? `the ${col.title} column`
    : col
      ? `column ${col.number} (${usual})`
      : `the ${usual} column`;
  return `${name} says "${found}"; expected ${expected}. The row was imported without ${without}: correct the cell and import again to record it`;
}

/** An item and the doubts found while reading it. */
export interface BuiltItem {
  item: ParsedItem;
  warnings: LineNote[];
}

/** Cells that only say "nothing here". */
const EMPTY_WORDS = /^(n\/?a|-+|none|tbc)$/i;

function meaningful(raw: string | undefined): string | null {
  const text = cellText(raw);
  return text === null || EMPTY_WORDS.test(text) ? null : text;
}

export function readCompletion(
  raw: string | undefined,
  line: number,
  warnings: LineNote[],
  columns?: ColumnLayout['columns'],
): Completion | null {
  const text = cellText(raw);
  if (text === null) return null;
  if (/^y(es)?$/i.test(text) || /^complete(d)?$/i.test(text)) return 'yes';
  if (/^no?$/i.test(text)) return 'no';
  if (/^n\/?a$/i.test(text)) return 'n/a';
  warnings.push({
    line,
    reason: unreadableCell(columns, 'complete', 'Complete', text, 'Yes, No or N/A', 'a completion'),
  });
  return null;
}

export function readRag(
  raw: string | undefined,
  line: number,
  warnings: LineNote[],
  columns?: ColumnLayout['columns'],
): Rag | null {
  const written = cellText(raw);
  if (written === null) return null;
  const text = written.toLowerCase();
  if (text === 'red' || text === 'amber' || text === 'green') return text;
  if (text === 'complete' || text === 'completed') return 'complete';
  if (/^n\/?a$/.test(text)) return 'n/a';
  warnings.push({
    line,
    reason: unreadableCell(
      columns,
      'rag',
      'RAG Status',
      written,
      'Red, Amber, Green, Complete or N/A',
      'a RAG status',
    ),
  });
  return null;
}

/** Kind: the ref's own spelling, else the plan's latest kind heading, else the column title. */
function kindOf(refKind: ItemKind | null, ctx: ItemContext): ItemKind {
  return refKind ?? ctx.headingKind ?? ctx.titleKind ?? 'recommendation';
}

const DATE_EXPECTED = 'a date such as 31-Mar-2015, 31/03/2015 or 31 March 2015';

function readDue(
  raw: string | undefined,
  line: number,
  warnings: LineNote[],
  columns?: ColumnLayout['columns'],
) {
  const dueText = cellText(raw);
  if (dueText === null) return { dueDate: null, dueText: null };
  const dueDate = parseDate(dueText);
  if (dueDate === null && !isKnownNonDate(dueText)) {
    warnings.push({
      line,
      reason: unreadableCell(
        columns,
        'dueDate',
        'Due Date',
        dueText,
        `${DATE_EXPECTED}, or N/A`,
        'a due date',
      ),
    });
  }
  return { dueDate, dueText };
}

/**
 * Completion said in words where a plan has no Complete column (seed 001): a Due Date of
 * "Complete" means done; a Due Date of "N/A", or a response that is only "N/A", means the item
 * asks nothing of the force. Warned, so the reader sees the choice.
 */
function completionInWords(
  dueText: string | null,
  response: string | null,
  latest: string | null,
  line: number,
  warnings: LineNote[],
): Completion | null {
  if (dueText !== null && /^complete(d)?$/i.test(dueText)) {
    warnings.push({
      line,
      reason: `the Due Date column says "${dueText}" instead of a date: the item was recorded as complete. If it is not complete, put its due date in the column and import again`,
    });
    return 'yes';
  }
  if (dueText !== null && /^n\/?a$/i.test(dueText)) {
    warnings.push({
      line,
      reason: `the Due Date column says "${dueText}" instead of a date: the item was recorded as not applicable. If it does apply, put its due date in the column and import again`,
    });
    return 'n/a';
  }
  if (latest === null && response !== null && /^n\/?a\.?$/i.test(response)) {
    warnings.push({
      line,
      reason: `the response says only "${response}": the item was recorded as not applicable. If it does apply, write its response and import again`,
    });
    return 'n/a';
  }
  return null;
}

/** Builds one item from the cells of a row, already assigned to their columns. */
export function buildItem(byRole: ReadonlyMap<ColumnRole, string>, ctx: ItemContext): BuiltItem {
  const { line } = ctx;
  const warnings: LineNote[] = [];
  let text = cellText(byRole.get('text')) ?? '';
  let refCell = cellText(byRole.get('ref'));
  if (refCell !== null && text === '' && !looksLikeRef(refCell) && refCell.length > 40) {
    // The text slipped left into the Ref column (seed 001 prints some findings that way).
    warnings.push({
      line,
      reason:
        "the Ref column holds the item's text, not a ref: it was read as the text. If the row has a ref, put it in the Ref column and import again",
    });
    text = refCell;
    refCell = null;
  }
  if (refCell === null) {
    const glued = extractGluedRef(text);
    if (glued.ref !== null) {
      warnings.push({
        line,
        reason: `the Ref column is empty and the text starts with "${glued.ref}" (the two cells ran together): "${glued.ref}" was read as the ref. If that is wrong, correct the Ref column and import again`,
      });
      refCell = glued.ref;
      text = glued.text;
    }
  }
  // No ref printed: known by its wording once the document is read (content-refs.ts).
  const lineKey = refCell === null ? `line-${line}` : undefined;
  if (refCell === null) refCell = `line-${line}`;
  const read = readRef(refCell);
  const parentCell = cellText(byRole.get('parentRef'));
  if (text === '') warnings.push({ line, reason: 'row has no recommendation / AFI text' });

  const dateOfUpdateText = cellText(byRole.get('dateOfUpdate'));
  const dateOfUpdate = dateOfUpdateText === null ? null : parseDate(dateOfUpdateText);
  if (dateOfUpdateText !== null && dateOfUpdate === null && !isKnownNonDate(dateOfUpdateText)) {
    warnings.push({
      line,
      reason: unreadableCell(
        ctx.columns,
        'dateOfUpdate',
        'Date of Update',
        dateOfUpdateText,
        DATE_EXPECTED,
        'a date of update (undated updates take the date the import notes give)',
      ),
    });
  }
  const initialResponse = meaningful(byRole.get('initialResponse'));
  const latest = meaningful(byRole.get('latestUpdate'));
  const source = latest ?? initialResponse;
  const split = source === null ? { updates: [], warnings: [] } : splitUpdates(source, dateOfUpdate, line);
  warnings.push(...split.warnings);
  checkUpdateDates(split.updates, dateOfUpdate, ctx, warnings);

  const due = readDue(byRole.get('dueDate'), line, warnings, ctx.columns);
  const complete =
    readCompletion(byRole.get('complete'), line, warnings, ctx.columns) ??
    completionInWords(due.dueText, cellText(byRole.get('initialResponse')), latest, line, warnings);
  const item: ParsedItem = {
    line,
    ref: read.ref,
    ...(lineKey === undefined ? {} : { lineKey }),
    parentRef: read.parentRef ?? (parentCell === null ? null : readRef(parentCell).ref),
    kind: kindOf(read.kind, ctx),
    text,
    section: cellText(byRole.get('section')) ?? ctx.section,
    timescale: cellText(byRole.get('timescale')) ?? ctx.timescale,
    strategicLead: meaningful(byRole.get('strategicLead')),
    actionOwner: meaningful(byRole.get('actionOwner')),
    ...due,
    initialResponse,
    updates: split.updates,
    dateOfUpdate,
    complete,
    rag: readRag(byRole.get('rag'), line, warnings, ctx.columns),
    updatesFrom: latest !== null ? 'latest-update' : initialResponse !== null ? 'initial-response' : null,
    responseDate: responseDateOf(initialResponse, line),
  };
  return { item, warnings };
}

/** The earliest date written at the head of an entry of the response cell (recorded as the response's date). */
function responseDateOf(response: string | null, line: number): string | null {
  if (response === null) return null;
  return splitUpdates(response, null, line).updates.find((u) => u.effectiveOn !== null)?.effectiveOn ?? null;
}

function checkUpdateDates(
  updates: ReadonlyArray<{ effectiveOn: string | null }>,
  dateOfUpdate: string | null,
  ctx: ItemContext,
  warnings: LineNote[],
): void {
  for (const u of updates) {
    // An update dated on the row's own Date of Update is reported once, by the row check below.
    if (u.effectiveOn === null || u.effectiveOn === dateOfUpdate) continue;
    if (ctx.paperDate !== null && u.effectiveOn > ctx.paperDate) {
      warnings.push({
        line: ctx.line,
        reason: `an update is dated ${dateInWords(u.effectiveOn)}, after the paper's own date (${dateInWords(ctx.paperDate)}): it was recorded with the date it states. Check that date`,
      });
    } else if (dateOfUpdate !== null && u.effectiveOn > dateOfUpdate) {
      warnings.push({
        line: ctx.line,
        reason: `an update is dated ${dateInWords(u.effectiveOn)}, after the row's Date of Update (${dateInWords(dateOfUpdate)}): it was recorded with the date it states. Check both dates`,
      });
    }
  }
  if (ctx.paperDate !== null && dateOfUpdate !== null && dateOfUpdate > ctx.paperDate) {
    warnings.push({
      line: ctx.line,
      reason: `the Date of Update (${dateInWords(dateOfUpdate)}) is after the paper's own date (${dateInWords(ctx.paperDate)}): the row's status was recorded as of the Date of Update. Check that date`,
    });
  }
}
