import { describe, expect, it } from 'vitest';
import { joinSplitDates, parseDate } from '../../src/import/read/dates.js';
import { splitUpdates } from '../../src/import/read/updates.js';
import { itemAt, readSeed } from './helpers.js';

describe('dates', () => {
  it.each([
    ['31-Mar-15', '2015-03-31'],
    ['31-Mar-2015', '2015-03-31'],
    ['8 Jan 2015', '2015-01-08'],
    ['Update 24 April 2015', '2015-04-24'],
    ['22/06/2012', '2012-06-22'],
    ['2015-03-31', '2015-03-31'],
    ['Jan 2015', '2015-01-31'],
    ['February 2016', '2016-02-29'],
    ['Now', null],
    ['N/A', null],
    ['Complete', null],
    ['31-Feb-15', null],
  ])('given "%s", when read, then %s', (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it('given a date split across cells, when joined, then one cell holds it', () => {
    expect(joinSplitDates(['text', '23-Jan-', '15'])).toEqual(['text', '23-Jan-15']);
    expect(joinSplitDates(['19-Nov', '14'])).toEqual(['19-Nov-14']);
    expect(joinSplitDates(['3', '15'])).toEqual(['3', '15']);
  });
});

describe('splitting dated updates', () => {
  it('given entries out of order with attributions, then they are split and sorted by date', () => {
    const cell = '23 Jan 2015 from Contact Handling - second. 21 Nov 2014 from Supt Operations - first.';
    expect(splitUpdates(cell, '2015-01-23', 7).updates).toEqual([
      { effectiveOn: '2014-11-21', text: '21 Nov 2014 from Supt Operations - first.', dateStated: true },
      { effectiveOn: '2015-01-23', text: '23 Jan 2015 from Contact Handling - second.', dateStated: true },
    ]);
  });

  it('given list items, then each is an update without its bullet', () => {
    const cell = '- 21 Nov 2014 - one\n- 8 Jan 2015 - two';
    expect(splitUpdates(cell, null, 1).updates.map((u) => u.effectiveOn)).toEqual([
      '2014-11-21',
      '2015-01-08',
    ]);
  });

  it('given a date inside a sentence, then it does not start an update', () => {
    const cell = 'Interviews are scheduled by 23 January 2015 - as agreed.';
    expect(splitUpdates(cell, '2015-01-08', 1).updates).toEqual([
      { effectiveOn: '2015-01-08', text: cell, dateStated: false },
    ]);
  });

  it('given undated text and no Date of Update, then the update is undated and a warning raised', () => {
    const split = splitUpdates('Work continues.', null, 4);
    expect(split.updates).toEqual([{ effectiveOn: null, text: 'Work continues.', dateStated: false }]);
    expect(split.warnings).toEqual([
      {
        line: 4,
        reason:
          'an update gives no date and the row has no Date of Update: it was dated as the import notes say. Write its date at the start of the update and import again',
      },
    ]);
  });

  it('seed 000: given a cell with four dated entries out of order, one pasted twice, then three come out in date order', () => {
    const { document } = readSeed('000');
    const item = itemAt(document, 13);
    // Line 13 pastes its 23 Jan 2015 update twice, the first copy cut short: one update (issue 12).
    expect(item.updates.map((u) => u.effectiveOn)).toEqual(['2014-11-21', '2015-01-08', '2015-01-23']);
    expect(item.updates[1]?.text).toMatch(/^8 Jan 2015 from Op Trafalgar - /);
    expect(document.warnings).toContainEqual({
      line: 13,
      reason:
        "an update is dated 23 January 2015, after the row's Date of Update (8 January 2015): it was recorded with the date it states. Check both dates",
    });
    expect(
      document.warnings.some((w) => w.line === 13 && w.reason.startsWith('an update is pasted twice')),
    ).toBe(true);
  });

  it('seed 000: given <ul><li> updates, then each list item is an update', () => {
    const item = itemAt(readSeed('000').document, 12);
    expect(item.updates.map((u) => [u.effectiveOn, u.text.slice(0, 20)])).toEqual([
      ['2014-11-21', '21 Nov 2014 - All pr'],
      ['2015-01-08', '8 Jan 2015 - As part'],
    ]);
    expect(item.initialResponse).toMatch(
      /^- 21 Nov 2014 - All problem solving plans[\s\S]*\n- 8 Jan 2015 - As part/,
    );
  });

  it('seed 004: given three entries without full stops between them, then all three are split', () => {
    const item = itemAt(readSeed('004').document, 25);
    expect(item.updates.map((u) => u.effectiveOn)).toEqual(['2015-04-24', '2015-06-18', '2015-10-09']);
  });
});
