import { describe, expect, it } from 'vitest';
import { readSeedTextTraced } from '../../../src/import/read/paper-reader.js';
import { readDateStatements, receiptOf } from '../../../src/import/read/report-dates.js';

/** The statements of a sentence as `event on precision`, for short expectations. */
const read = (text: string) => readDateStatements(text).map((s) => `${s.event} ${s.on} ${s.precision}`);

describe('report dates: what a paper states about when a report was published or received', () => {
  it.each([
    [
      'BTP was inspected by HMIC from 4-8 October 2010, with the report being published on 23 February 2011.',
      ['fieldwork 2010-10-08 day', 'published 2011-02-23 day'],
    ],
    [
      'The recommendations and AFIs were distributed to the Portfolio Holders on 16 March 2011.',
      ['received 2011-03-16 day'],
    ],
    [
      'BTP received the draft report from HMIC on 16 June 2012. The final report was received in August 2012.',
      ['received 2012-06-16 day', 'received 2012-08-31 month'],
    ],
    [
      "The original inspection took place in August 2011 with the findings published in the HMIC national report 'Without Fear or Favour' in December 2011.",
      ['fieldwork 2011-08-31 month', 'published 2011-12-31 month'],
    ],
    ['The report was received on 3rd May 2011 and circulated to the Board.', ['received 2011-05-03 day']],
    ['The inspection report dated 5 May 2014 sets out nine recommendations.', ['published 2014-05-05 day']],
    ['Report received: 12/03/2015', ['received 2015-03-12 day']],
    ['HMIC published its report on February 23, 2011.', ['published 2011-02-23 day']],
    ['The report was issued to the force on 2015-06-30.', ['received 2015-06-30 day']],
    ['Publication date: Sept 2013', ['published 2013-09-30 month']],
  ])('given "%s", then it reads %j', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    'HMIC is preparing a national report which is due for publication in October 2012.',
    'The national report is expected to be published in March 2016.',
    'A further report will be published in May 2015.',
    'The board met on 3 May 2011 to discuss progress.',
    'Progress was reviewed in April 2012 and is attached.',
  ])('given "%s" (the future, or no report event), then it states no date of the report', (text) => {
    expect(read(text)).toEqual([]);
  });

  it('given a receipt and a publication, then the receipt wins; a publication alone is the receipt; fieldwork never is', () => {
    expect(receiptOf(readDateStatements('Published on 1 May 2011. Received on 9 May 2011.'))?.on).toBe(
      '2011-05-09',
    );
    expect(receiptOf(readDateStatements('Published on 1 May 2011.'))?.on).toBe('2011-05-01');
    expect(receiptOf(readDateStatements('The inspection took place in April 2012.'))).toBeNull();
  });
});

/** A made-up board paper covering two inspections in the seeds' text layout. */
function twoInspectionPaper(): string {
  const row = (...cells: string[]) => cells.join('\t');
  return [
    'REPORT TO: Audit Committee',
    'DATE: 4 November 2015',
    '',
    '2.1 Crime Data Integrity',
    '2.1.1 The inspection took place in March 2014. HMIC published the report on 18 November 2014.',
    '',
    '2.2 Custody Suites',
    "2.2.1 The custody report 'Custody Suites' was published in June 2015 and received by the force on 2 July 2015.",
    '',
    'CRIME DATA INTEGRITY IMPROVEMENT PLAN',
    'SCT Portfolio Owner: Deputy Chief Constable',
    row('Ref', 'Recommendation', 'Due Date', 'Action Owner', 'Response'),
    row('1', 'Audit crime records monthly.', '31-Dec-15', 'Head of Crime', 'Started.'),
    '',
    'CUSTODY SUITES IMPROVEMENT PLAN',
    'SCT Portfolio Owner: ACC Operations',
    row('Ref', 'Recommendation', 'Due Date', 'Action Owner', 'Response'),
    row('1', 'Review custody records.', '31-Dec-15', 'Head of Custody', 'Started.'),
  ].join('\n');
}

describe('receipt per inspection', () => {
  it('given a paper stating dates for two inspections under their own headings, then each inspection takes its own', () => {
    const { document } = readSeedTextTraced(twoInspectionPaper(), { source: 'two.txt' });
    const byTitle = Object.fromEntries(document.inspections.map((i) => [i.title, i.receipt ?? null]));
    expect(document.paper?.published).toBe('2014-11-18');
    expect(document.paper?.received).toBe('2015-07-02');
    // The first inspection's own statement is a publication; the paper-wide receipt (another
    // inspection's) must not be taken for it.
    expect(byTitle['CRIME DATA INTEGRITY']).toMatchObject({ on: '2014-11-18', event: 'published', line: 5 });
    expect(byTitle['CUSTODY SUITES']).toBeNull();
  });
});
