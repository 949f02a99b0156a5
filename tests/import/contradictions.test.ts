import { describe, expect, it } from 'vitest';
import type { LedgerCommandInput } from '../../src/domain/ledger-commands.js';
import type { LedgerEventBody } from '../../src/domain/ledger-event.js';
import { contradictionWords, differingExcerpts } from '../../src/import/record/contradiction-words.js';
import { judgeAgainstLedger, type Verdict } from '../../src/import/record/contradictions.js';
import type { HeldFact } from '../../src/import/record/held-facts.js';
import type { PlannedCommand } from '../../src/import/record/planned-command.js';

/** The rules of docs/import.md, "Corrected re-exports", one by one, on the pure judge. */

const ITEM = '01HZX7V8Q3K4M5N6P7R8S9T0VW';
let seq = 0;

/** A fact the ledger holds, recorded from `held.txt` line 5. */
function held(body: LedgerEventBody, effectiveOn: string): HeldFact {
  seq++;
  return {
    eventId: `held-${seq}`,
    body,
    effectiveOn,
    provenance: {
      digest: '0'.repeat(64),
      fileName: 'held.txt',
      sheet: null,
      line: 5,
      column: null,
      dateStated: true,
      dateFrom: 'stated',
    },
  };
}

/** A fact of the new file, line 7. */
function says(command: LedgerCommandInput, effectiveOn: string, stated = true): PlannedCommand {
  return {
    command,
    effectiveOn,
    line: 7,
    provenance: {
      sheet: null,
      line: 7,
      column: { number: 6, title: 'Latest Update' },
      dateStated: stated,
      dateFrom: stated ? 'stated' : 'date-of-update',
    },
  };
}

const update = (text: string): LedgerEventBody => ({ type: 'UpdatePosted', data: { itemId: ITEM, text } });
const post = (text: string): LedgerCommandInput => ({ type: 'PostUpdate', data: { itemId: ITEM, text } });
const rated = (to: 'RED' | 'AMBER' | 'GREEN'): LedgerEventBody => ({
  type: 'RagChanged',
  data: { itemId: ITEM, from: null, to, reason: null },
});
const rate = (to: 'RED' | 'AMBER' | 'GREEN'): LedgerCommandInput => ({
  type: 'ChangeRag',
  data: { itemId: ITEM, to, reason: null },
});
const completed: LedgerEventBody = { type: 'MarkedComplete', data: { itemId: ITEM, evidence: null } };
const complete: LedgerCommandInput = { type: 'MarkComplete', data: { itemId: ITEM, evidence: null } };

const kinds = (verdicts: Map<number, Verdict>, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const v = verdicts.get(i);
    return v === undefined ? 'new' : v.kind === 'held' ? 'held' : `corrects ${v.found.target.eventId}`;
  });

const D = '2015-03-11';

describe('judging a later file against the facts the ledger holds', () => {
  it('given the same update with other spacing, or cut short, then it is held, not a contradiction', () => {
    const a = held(update('11 March 2015 - Cameras ordered for all  stations.'), D);
    const verdicts = judgeAgainstLedger(
      [
        says(post('11 March 2015 - Cameras ordered\nfor all stations.'), D),
        says(post('11 March 2015 - Cameras ord…'), D),
      ],
      [a],
    );
    expect(kinds(verdicts, 2)).toEqual(['held', 'held']);
  });

  it('given two updates held on one date and the file changing one of them, then only that one is corrected', () => {
    const a = held(update('Cameras ordered for all stations.'), D);
    const b = held(update('Training booked for the day shifts in April.'), D);
    const verdicts = judgeAgainstLedger(
      [
        says(post('Cameras ordered for all stations.'), D),
        says(post('Training booked for the night shifts in April.'), D),
      ],
      [a, b],
    );
    expect(kinds(verdicts, 2)).toEqual(['held', `corrects ${b.eventId}`]);
  });

  it('given a further update on a date the ledger holds one for, then it is new (a second update that day)', () => {
    const a = held(update('Cameras ordered.'), D);
    const verdicts = judgeAgainstLedger(
      [says(post('Cameras ordered.'), D), says(post('Budget approved.'), D)],
      [a],
    );
    expect(kinds(verdicts, 2)).toEqual(['held', 'new']);
  });

  it('given a file that leaves out one of the held updates of a date, then nothing is corrected', () => {
    const verdicts = judgeAgainstLedger(
      [says(post('Cameras ordered.'), D)],
      [held(update('Cameras ordered.'), D), held(update('Budget approved.'), D)],
    );
    expect(kinds(verdicts, 1)).toEqual(['held']);
  });

  it('given the full text of an update the ledger holds cut short, then it completes it', () => {
    const a = held(update('Cameras ordered for all sta…'), D);
    const verdicts = judgeAgainstLedger([says(post('Cameras ordered for all stations.'), D)], [a]);
    const v = verdicts.get(0);
    expect(v?.kind === 'contradicts' && v.found.completes).toBe(true);
  });

  it('given an update with another text on another date, then it is new, whatever the held ones say', () => {
    const verdicts = judgeAgainstLedger(
      [says(post('Cameras fitted.'), '2015-04-01')],
      [held(update('Cameras ordered.'), D)],
    );
    expect(kinds(verdicts, 1)).toEqual(['new']);
  });

  it('given a response with another text on the date of the held one, then the response is corrected', () => {
    const r = held(
      { type: 'ResponseRecorded', data: { itemId: ITEM, listingPlanId: null, response: 'Accepted.' } },
      D,
    );
    const verdicts = judgeAgainstLedger(
      [
        says(
          {
            type: 'RecordResponse',
            data: { itemId: ITEM, listingPlanId: null, response: 'Accepted in part.' },
          },
          D,
        ),
      ],
      [r],
    );
    expect(verdicts.get(0)).toMatchObject({ kind: 'contradicts', found: { fact: 'response', target: r } });
  });

  it('given the RAG of a date, then the same is held even when a later rating differs, another is a correction of that day’s rating', () => {
    const amber = held(rated('AMBER'), D);
    const green = held(rated('GREEN'), '2015-06-01');
    const verdicts = judgeAgainstLedger(
      [says(rate('AMBER'), D), says(rate('RED'), '2015-06-01'), says(rate('RED'), '2015-07-01')],
      [amber, green],
    );
    expect(kinds(verdicts, 3)).toEqual(['held', `corrects ${green.eventId}`, 'new']);
    expect(verdicts.get(1)).toMatchObject({ found: { fields: { to: 'RED' }, held: 'Green', says: 'Red' } });
  });

  it('given two listings of one item rating the same day alike, then one correction is made and the other is held', () => {
    const amber = held(rated('AMBER'), D);
    const verdicts = judgeAgainstLedger([says(rate('RED'), D), says(rate('RED'), D)], [amber]);
    expect(kinds(verdicts, 2)).toEqual([`corrects ${amber.eventId}`, 'held']);
  });

  it('given a completion the file dates earlier than the ledger, then the completion is moved; a later or imputed date is not', () => {
    const done = held(completed, '2015-08-24');
    const earlier = judgeAgainstLedger([says(complete, '2015-08-20')], [done]);
    expect(earlier.get(0)).toMatchObject({
      kind: 'contradicts',
      found: { movedTo: '2015-08-20', fact: 'completed' },
    });
    expect(kinds(judgeAgainstLedger([says(complete, '2015-09-01')], [done]), 1)).toEqual(['new']);
    expect(kinds(judgeAgainstLedger([says(complete, '2015-08-20', false)], [done]), 1)).toEqual(['new']);
    const ratedBetween = held(rated('AMBER'), '2015-08-22');
    expect(kinds(judgeAgainstLedger([says(complete, '2015-08-20')], [ratedBetween, done]), 1)).toEqual([
      'new',
    ]);
    // The same row's RAG on the held closure's date does not stand in the way.
    const sameRow = held(rated('GREEN'), '2015-08-24');
    expect(kinds(judgeAgainstLedger([says(complete, '2015-08-20')], [sameRow, done]), 1)).toEqual([
      `corrects ${done.eventId}`,
    ]);
  });
});

describe('a contradiction in a board secretary’s words', () => {
  it('given two long texts differing in one word, then the message quotes where they differ, naming line, column and the held source', () => {
    const intro =
      'The vetting unit within PSD conducts vetting checks in line with national vetting policy. ';
    const tail =
      ' officers were vetted this quarter, and the backlog is expected to clear by the end of the year.';
    const a = held(update(`${intro}Eighty${tail}`), D);
    const v = judgeAgainstLedger([says(post(`${intro}Ninety${tail}`), D)], [a]).get(0);
    if (v?.kind !== 'contradicts') throw new Error('expected a contradiction');
    const words = contradictionWords(v.found, says(post(''), D).provenance, 'item 10');
    expect(words).toMatch(
      /^line 7, column 6 \(Latest Update\), item 10: the ledger holds the update of 11 March 2015 as “….*Eighty officers.*” \(from held\.txt, line 5\), but this file says “….*Ninety officers.*”$/,
    );
    const [h, s] = differingExcerpts(`${intro}Eighty${tail}`, `${intro}Ninety${tail}`);
    expect(h.length).toBeLessThan(intro.length + tail.length);
    expect(s).toContain('Ninety');
  });
});
