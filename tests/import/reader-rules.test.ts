import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/import/read/html-text.js';
import { readSeedTextTraced } from '../../src/import/read/paper-reader.js';
import { allItems, exportText, tsv } from './helpers.js';

function read(text: string) {
  return readSeedTextTraced(text, { source: 'fixture.txt' }).document;
}

/** A row of the default fixture columns: Ref, AFI, Due, Owner, Update, Date, RAG. */
function row(
  ref: string,
  text: string,
  extra: Partial<{ due: string; owner: string; update: string; date: string; rag: string }> = {},
) {
  return tsv(
    ref,
    text,
    extra.due ?? '31-Mar-15',
    extra.owner ?? 'Owner',
    extra.update ?? 'Done.',
    extra.date ?? '01-Mar-15',
    extra.rag ?? 'GREEN',
  );
}

describe('HTML in cells', () => {
  it('given lists, paragraphs, bold and entities, then plain text keeps the list structure', () => {
    expect(htmlToText('<p><b>Intro</b></p> <ul><li>one &amp; two</li> <li>- three</li></ul>**end**')).toBe(
      'Intro\n- one & two\n- three\nend',
    );
  });
});

describe('headings and plan headers in text exports', () => {
  it('given timescale and section headings, then they apply to the rows below', () => {
    const doc = read(
      exportText({
        rows: [
          tsv('IMMEDIATELY', '', '', ''),
          tsv('', 'Cable offences', ''),
          row('AFI.1 (R.1)', 'Fix it.'),
          tsv('<b>Is it fixed?</b>'),
          row('AFI.2', 'Check it.'),
        ],
      }),
    );
    expect(allItems(doc).map((i) => [i.ref, i.parentRef, i.timescale, i.section])).toEqual([
      ['AFI.1', 'R.1', 'IMMEDIATELY', 'Cable offences'],
      ['AFI.2', null, 'IMMEDIATELY', 'Is it fixed?'],
    ]);
  });

  it('given headers glued on one line with **, then each is read', () => {
    const text = [
      '**X INSPECTION IMPROVEMENT PLAN (Force Areas)****SCT Portfolio Holder: ACC Jo Bloggs, Operations****Improvement Plan Owner: Supt Smith**',
      tsv('Ref', 'Area for Improvement', 'Due Date', 'Action Owner'),
      tsv('1', 'Do the thing.', 'Jan 2015', 'Supt Smith'),
    ].join('\n');
    const doc = read(text);
    expect(doc.inspections[0]?.title).toBe('X INSPECTION');
    expect(doc.inspections[0]?.plans[0]).toMatchObject({
      portfolio: 'Operations',
      portfolioOwner: 'ACC Jo Bloggs',
      planOwner: 'Supt Smith',
      label: 'Force Areas',
    });
    expect(allItems(doc)[0]).toMatchObject({
      kind: 'area-for-improvement',
      dueDate: '2015-01-31',
      dueText: 'Jan 2015',
    });
  });

  it('given page banners and repeated column titles mid-table, then they are skipped with reasons', () => {
    const doc = read(
      exportText({
        rows: [
          row('R.1', 'First.'),
          '',
          'PROTECTIVE MARKING: NOT PROTECTIVELY MARKED',
          'BRITISH TRANSPORT POLICE',
          tsv('Ref', 'Area for Improvement', 'Due Date', 'Action Owner'),
          row('R.2', 'Second.'),
        ],
      }),
    );
    expect(allItems(doc).map((i) => i.ref)).toEqual(['R.1', 'R.2']);
    expect(doc.skipped.map((s) => s.reason)).toEqual([
      'column titles',
      'page header: "PROTECTIVE MARKING: NOT PROTECTIVELY MARKED"',
      'page header: "BRITISH TRANSPORT POLICE"',
      'column titles',
    ]);
  });

  it('given unreadable due dates, RAG and Complete values, then the row is kept and warnings name the line', () => {
    const doc = read(exportText({ rows: [row('R.1', 'Text.', { due: 'soonish', rag: 'PURPLE' })] }));
    expect(allItems(doc)[0]).toMatchObject({ dueDate: null, dueText: 'soonish', rag: null });
    expect(doc.warnings).toEqual([
      {
        line: 7,
        reason:
          'the Due Date column says "soonish"; expected a date such as 31-Mar-2015, 31/03/2015 or 31 March 2015, or N/A. The row was imported without a due date: correct the cell and import again to record it',
      },
      {
        line: 7,
        reason:
          'the RAG Status column says "PURPLE"; expected Red, Amber, Green, Complete or N/A. The row was imported without a RAG status: correct the cell and import again to record it',
      },
    ]);
  });

  it('given an item text naming a transfer with no date, then the row date is used', () => {
    const doc = read(
      exportText({
        rows: [
          row('AFI.3', 'Text.', {
            update: 'Responsibility has moved to Protective Services.',
            date: '02-Feb-12',
          }),
        ],
      }),
    );
    expect(allItems(doc)[0]?.transfers).toEqual([
      {
        effectiveOn: '2012-02-02',
        fromPortfolio: 'Territorial Policing',
        toPortfolio: 'Protective Services',
        line: 7,
        text: 'Responsibility has moved to Protective Services',
      },
    ]);
  });

  it('reports progress line by line', () => {
    const calls: Array<[number, number]> = [];
    readSeedTextTraced(exportText({ rows: [row('R.1', 'x')] }), {
      source: 'p',
      onProgress: (d, t) => calls.push([d, t]),
    });
    expect(calls.at(-1)).toEqual([7, 7]);
    expect(calls.map((c) => c[0])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
