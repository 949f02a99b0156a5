import { describe, expect, it } from 'vitest';
import { clip, itemAt, readSeed } from './helpers.js';

describe('seed 001 (board paper 17 Oct 2012: ASB and Without Fear or Favour)', () => {
  const { document } = readSeed('001');

  it('given the paper header, then its board and date are exposed', () => {
    // §2.1.2: "BTP received the draft detailed feedback report from HMIC … on 16 June 2012".
    expect(document.paper).toEqual({
      board: 'Performance Review Group',
      date: '2012-10-17',
      published: null,
      received: '2012-06-16',
    });
    expect(document.inspections.map((i) => i.title)).toEqual([
      'HMIC Anti Social Behaviour',
      'HMIC Without Fear or Favour',
    ]);
  });

  it('given an AFI under a bold question heading, then every field is read', () => {
    expect(itemAt(document, 89)).toEqual({
      line: 89,
      ref: '1.1.1',
      parentRef: null,
      kind: 'area-for-improvement',
      text: clip('BTP have a Chief Officer lead who drives ASB performance.', 'raising staff awareness.'),
      section:
        'Does the force understand its ASB issues and have leadership, governance, policy, and compliance checking to support this work?',
      timescale: null,
      strategicLead: null,
      actionOwner: 'T/Chief Inspector Territorial Policing',
      dueDate: '2012-10-31',
      dueText: '31-Oct-12',
      initialResponse: clip('Although BTP does include who the Chief Officer', 'even more throughout BTP.'),
      updates: [{ effectiveOn: '2012-09-11', text: clip('Although BTP does include', 'throughout BTP.') }],
      dateOfUpdate: '2012-09-11',
      complete: null,
      rag: null,
      key: 'area-for-improvement/1.1.1',
      updatesFrom: 'initial-response',
    });
  });

  it('given "Overall …" findings alone in the first column (no ref, owner or due date), then they are narrative, not items', () => {
    const lines = (document.inspections.flatMap((i) => i.plans.flatMap((p) => p.items)) ?? []).map(
      (i) => i.line,
    );
    for (const line of [97, 105, 106, 127]) {
      expect(lines).not.toContain(line);
      expect(document.skipped.find((s) => s.line === line)?.reason).toMatch(/^narrative .*: not an item/);
    }
    // The paragraph on line 106 answers the finding on 105: it is not another item's response.
    expect(document.skipped.find((s) => s.line === 106)?.reason).toContain('finding on line 105');
  });

  it('given a sub-recommendation whose due date says "Complete", then it is complete, the due date null and the text kept', () => {
    expect(itemAt(document, 178)).toEqual({
      line: 178,
      ref: '9',
      parentRef: null,
      kind: 'sub-recommendation',
      text: 'HMIC suggests that this function sits most appropriately within PSDs. (Page 42)',
      section: 'Gratuities and Hospitality',
      timescale: null,
      strategicLead: null,
      actionOwner: 'Head of PSD',
      dueDate: null,
      dueText: 'Complete',
      initialResponse: 'This function already sits under the Professional Standards Department at BTP.',
      updates: [
        {
          effectiveOn: '2012-06-22',
          text: 'This function already sits under the Professional Standards Department at BTP.',
        },
      ],
      dateOfUpdate: '2012-06-22',
      complete: 'yes',
      rag: null,
      key: 'sub-recommendation/9',
      updatesFrom: 'initial-response',
    });
  });

  it('given the plan header repeated after a page break, then the Without Fear or Favour plan continues', () => {
    const wfof = document.inspections[1];
    expect(wfof?.plans).toHaveLength(1);
    expect(wfof?.plans[0]?.items.map((i) => i.kind)).toEqual([
      ...Array<string>(6).fill('national-recommendation'),
      ...Array<string>(23).fill('sub-recommendation'),
    ]);
  });
});

describe('seed 004 (Police Integrity & Corruption)', () => {
  const { document } = readSeed('004');

  it('given two glued headers, then one inspection holds two labelled plans of one portfolio', () => {
    const plans = document.inspections[0]?.plans ?? [];
    expect(document.inspections[0]?.title).toBe('POLICE INTEGRITY & CORRUPTION');
    expect(plans.map((p) => [p.portfolio, p.portfolioOwner, p.planOwner, p.label, p.items.length])).toEqual([
      [
        'Deputy Chief Constable',
        'Deputy Chief Constable',
        'Head of Professional Standards Department',
        'National Recommendations',
        14,
      ],
      [
        'Deputy Chief Constable',
        'Deputy Chief Constable',
        'Head of Professional Standards Department',
        'BTP Areas',
        4,
      ],
    ]);
  });

  it('given a national recommendation marked N/A, then every field is read', () => {
    expect(itemAt(document, 12)).toEqual({
      line: 12,
      ref: '1',
      parentRef: null,
      kind: 'national-recommendation',
      text: clip('The Home Office, when considering the responses', 'treated as police corruption.'),
      section: null,
      timescale: null,
      strategicLead: null,
      actionOwner: null,
      dueDate: null,
      dueText: 'N/A',
      initialResponse: clip(
        'Update 11 March 2015 - This action is to be progressed',
        'People and Standards Committee.',
      ),
      updates: [
        {
          effectiveOn: '2015-03-11',
          text: clip('Update 11 March 2015 - This action', 'Standards Committee.'),
        },
      ],
      dateOfUpdate: '2015-03-11',
      complete: 'n/a',
      rag: 'green',
      key: 'national-recommendation/1',
      updatesFrom: 'initial-response',
    });
  });

  it('given a completed force area, then Complete Yes and RAG COMPLETE are read', () => {
    expect(itemAt(document, 31)).toEqual({
      line: 31,
      ref: '1',
      parentRef: null,
      kind: 'area-for-improvement',
      text: clip('With immediate effect, the force should ensure it records', 'handling of complaints.'),
      section: null,
      timescale: null,
      strategicLead: null,
      actionOwner: 'Head of PSD',
      dueDate: '2015-08-31',
      dueText: '31-Aug-15',
      initialResponse: clip('Update 24 April 2015 - Following recent receipt', 'set up to progress this.'),
      updates: [
        {
          effectiveOn: '2015-10-09',
          text: clip('Update 9 October 2015 - the service recovery', 'service delivery.'),
        },
      ],
      dateOfUpdate: '2015-10-09',
      complete: 'yes',
      rag: 'complete',
      key: 'area-for-improvement/1',
      updatesFrom: 'latest-update',
    });
  });

  it('given a latest-update cell with two dated updates, then they are two updates in date order', () => {
    expect(itemAt(document, 34)).toEqual({
      line: 34,
      ref: '4',
      parentRef: null,
      kind: 'area-for-improvement',
      text: clip('By the 31 August 2015, the force should ensure', 'communicated to all staff.'),
      section: null,
      timescale: null,
      strategicLead: null,
      actionOwner: 'Head of PSD',
      dueDate: '2015-08-31',
      dueText: '31-Aug-15',
      initialResponse: clip('Update 24 April 2015 - BTPs Gifts and Hospitality', 'individual feedback.'),
      updates: [
        {
          effectiveOn: '2015-06-18',
          text: clip('Update 18 June 2015 - The policy has been reconsidered', 'briefed accordingly.'),
        },
        {
          effectiveOn: '2015-10-09',
          text: clip('Update 9 Oct 2015 - the final amendments', 'take it forward.'),
        },
      ],
      dateOfUpdate: '2015-10-09',
      complete: 'no',
      rag: 'green',
      key: 'area-for-improvement/4',
      updatesFrom: 'latest-update',
    });
  });

  it('given the same number refs in both plans, then kind keeps them apart', () => {
    const keys = document.inspections[0]?.plans.flatMap((p) => p.items.map((i) => i.key)) ?? [];
    expect(new Set(keys).size).toBe(keys.length);
  });
});
