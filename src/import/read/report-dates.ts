import type { IsoDate } from '../parsed-document.js';
import { isoDate, monthNumber, parseDate } from './dates.js';
import { htmlToText } from './html-text.js';

/**
 * What a paper's prose says happened to an inspection report on a date:
 * - `published`: the inspectorate published it ("published on 23 February 2011", "publication
 *   date: 5 May 2011", "the report dated 5 May 2011");
 * - `received`: it reached the force ("BTP received the draft … on 16 June 2012", "distributed
 *   to the Portfolio Holders on 16 March 2011", "issued to the force on …");
 * - `fieldwork`: the inspection itself ("the inspection took place in April 2012", "inspected by
 *   HMIC from 4-8 October 2010"): not a receipt, kept apart so it is never taken for one.
 */
export type ReportEvent = 'published' | 'received' | 'fieldwork';

/** One dated statement about a report, as read from a sentence of the paper. */
export interface DateStatement {
  readonly event: ReportEvent;
  /** The day stated; with `precision: 'month'` the last day of the month stated (see `monthEnd`). */
  readonly on: IsoDate;
  /** `month` when the paper names only a month ("in December 2011"). */
  readonly precision: 'day' | 'month';
  /** The words the statement was read from, for messages ("published … in December 2011"). */
  readonly words: string;
}

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
/** Every date form a sentence may state, longest first so "16 June 2012" is not read as "June 2012". */
const DATE = new RegExp(
  [
    String.raw`\b\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?\s+${MONTH},?\s+\d{4}\b`,
    String.raw`\b${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,\s+\d{4}\b`,
    String.raw`\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b`,
    String.raw`\b\d{4}-\d{2}-\d{2}\b`,
    String.raw`\b${MONTH}\s+\d{4}\b`,
  ].join('|'),
  'gi',
);

/** The verbs that tie a date to a report event, nearest before the date wins. */
const EVENT_WORDS: ReadonlyArray<readonly [RegExp, ReportEvent]> = [
  [/\b(?:published|publication|report\s+dated|dated)\b/gi, 'published'],
  [/\b(?:received|receipt|distributed|circulated|issued|sent\s+to)\b/gi, 'received'],
  [
    /\b(?:took\s+place|inspected|inspection\s+(?:was\s+)?(?:carried\s+out|conducted|held)|fieldwork|on-?site)\b/gi,
    'fieldwork',
  ],
];

/** Words just before the event word that make it a statement about the future ("due for publication"). */
const FUTURE =
  /\b(?:due\s+for|expected|will(?:\s+now)?(?:\s+be)?|to\s+be|planned\s+for|scheduled\s+for|awaiting)\s*$/i;

/** The last day of a month: a month-only date is never claimed earlier than the paper supports. */
export function monthEnd(year: number, month: number): IsoDate | null {
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/** Reads one matched date; the first day of a range ("4-8 October 2010") is not wanted, the last is. */
function readDate(text: string): { on: IsoDate; precision: 'day' | 'month' } | null {
  const single = text.replace(/^(\d{1,2})(?:st|nd|rd|th)?\s*[-–]\s*(\d{1,2})/, '$2');
  const us = /^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,\s+(\d{4})$/.exec(single);
  if (us) {
    const month = monthNumber(us[1] ?? '');
    const on = month === null ? null : isoDate(Number(us[3]), month, Number(us[2]));
    return on === null ? null : { on, precision: 'day' };
  }
  const monthOnly = /^([A-Za-z]+)\.?\s+(\d{4})$/.exec(single);
  if (monthOnly) {
    const month = monthNumber(monthOnly[1] ?? '');
    const on = month === null ? null : monthEnd(Number(monthOnly[2]), month);
    return on === null ? null : { on, precision: 'month' };
  }
  const on = parseDate(single.replace(/[-.](\d{1,2})[-.](\d{4})$/, '/$1/$2').replace(/,/g, ''));
  return on === null ? null : { on, precision: 'day' };
}

/** The event word nearest before `at` in `text`, with where it starts. */
function eventBefore(text: string, at: number): { event: ReportEvent; from: number } | null {
  let best: { event: ReportEvent; from: number } | null = null;
  for (const [pattern, event] of EVENT_WORDS) {
    for (const m of text.slice(0, at).matchAll(pattern)) {
      if (best === null || m.index > best.from) best = { event, from: m.index };
    }
  }
  return best;
}

/** Sentences of a paragraph ("… 16 June 2012. The final report …"); numbered paragraph heads stay. */
function sentences(text: string): string[] {
  return text.split(/(?<=[a-z0-9)'’"”])\.\s+(?=[A-Z(])/);
}

/**
 * Every dated statement a paragraph of the paper makes about a report, in the order written.
 * A date counts only with an event word before it in its sentence and no other date between
 * them ("took place in August 2011 with the findings published … in December 2011" is fieldwork
 * in August, publication in December); a statement about the future is none.
 */
export function readDateStatements(paragraph: string): DateStatement[] {
  const out: DateStatement[] = [];
  for (const sentence of sentences(htmlToText(paragraph))) {
    let previousEnd = 0;
    for (const m of sentence.matchAll(DATE)) {
      const date = readDate(m[0]);
      const word = eventBefore(sentence, m.index);
      const start = previousEnd;
      previousEnd = m.index + m[0].length;
      if (date === null || word === null || word.from < start) continue;
      const words = sentence.slice(word.from, previousEnd);
      if (words.length > 160 || FUTURE.test(sentence.slice(Math.max(start, word.from - 30), word.from)))
        continue;
      out.push({ event: word.event, ...date, words });
    }
  }
  return out;
}

/**
 * When the report reached the force, from what the paper states: the first receipt (received,
 * distributed, issued), else the first publication. Null when it states neither.
 */
export function receiptOf(statements: readonly DateStatement[]): DateStatement | null {
  return (
    statements.find((s) => s.event === 'received') ?? statements.find((s) => s.event === 'published') ?? null
  );
}
