/**
 * Calendar dates as a board secretary writes them. Messages people read say "24 April 2009";
 * the ISO form (2009-04-24) stays in the fields machines read (problem+json members, the import
 * report's JSON), never in the sentence.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2015-08-24 → "24 August 2015"; anything that is not a calendar date is returned as it is. */
export function dateInWords(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const month = MONTHS[Number(match[2]) - 1];
  return month === undefined ? date : `${Number(match[3])} ${month} ${match[1]}`;
}

/** Every calendar date written inside a sentence, in words ("as of 2011-04-27" → "as of 27 April 2011"). */
export function datesInWords(text: string): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}\b/g, dateInWords);
}
