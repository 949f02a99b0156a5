import { describe, expect, it } from 'vitest';
import { readPaperSummaryTables } from '../../src/import/read/paper.js';
import { clip, itemAt, readSeed, seedText } from './helpers.js';

describe('seed 002 (board paper 27 Apr 2011, six portfolio plans)', () => {
  const { document } = readSeed('002');
  const plans = document.inspections[0]?.plans ?? [];

  it('given the paper header, then its board and date are exposed', () => {
    // §2.1 "published on 23 February 2011"; §2.2 "distributed to the … Portfolio Holders on 16 March 2011".
    expect(document.paper).toEqual({
      board: 'BTPA Performance Review Group',
      date: '2011-04-27',
      published: '2011-02-23',
      received: '2011-03-16',
    });
    expect(document.inspections[0]?.title).toBe('HMIC Police Report Card Inspection: 4-8 October 2010');
  });

  it('given six portfolio headers (one wrapped over two lines), then six plans with owners', () => {
    expect(plans.map((p) => [p.portfolio, p.portfolioOwner, p.planOwner, p.items.length])).toEqual([
      ['Territorial Policing', 'ACC Alan Pacey', 'C/Supt Eamonn Carroll', 19],
      ['Protective Services', 'ACC Paul Beasley', 'Ellie Hartup', 10],
      ['Operations', 'ACC Stephen Thomas', 'Paul Day', 1],
      ['Finance & Corporate Services', 'Sharon Burd, Director', 'Kirsty Want', 4],
      ['Human Resources', 'Teresa Hickman, T/Director', 'Peter Ward', 1],
      ['Deputy Chief Constable', 'Deputy Chief Constable', 'Marie Daniels', 1],
    ]);
  });

  it('given refs R.1…R.5 and AFI.n (R.m), then kinds and parents follow the ref', () => {
    const refs = plans.flatMap((p) => p.items.map((i) => `${i.ref}<${i.parentRef ?? ''}>${i.kind[0]}`));
    expect(refs.filter((r) => r.startsWith('R.'))).toEqual([
      'R.1<>r',
      'R.2<>r',
      'R.5<>r',
      'R.2<>r',
      'R.3<>r',
      'R.4<>r',
    ]);
    expect(refs).toContain('AFI.1<R.1>a');
    expect(refs).toContain('AFI.16<>a');
  });

  it('given AFI.1 (R.1) updated after the paper date, then every field is read and the date is flagged', () => {
    expect(itemAt(document, 116)).toEqual({
      line: 116,
      ref: 'AFI.1',
      parentRef: 'R.1',
      kind: 'area-for-improvement',
      text: clip('The force does not have a system in place', 'reduce repeat victimisation. (page 13)'),
      section: 'Neighbourhood Policing and Anti-social Behaviour (ASB)',
      timescale: null,
      strategicLead: null,
      actionOwner: 'Superintendent Contact Handling',
      dueDate: '2011-06-30',
      dueText: '30-Jun-11',
      initialResponse: clip(
        'A process is in place in the Force Control Rooms',
        'ensure an appropriate response.',
      ),
      updates: [{ effectiveOn: '2011-05-03', text: clip('A process is in place', 'appropriate response.') }],
      dateOfUpdate: '2011-05-03',
      complete: null,
      rag: 'amber',
      key: 'area-for-improvement/AFI.1',
      updatesFrom: 'initial-response',
    });
    expect(document.warnings).toContainEqual({
      line: 116,
      reason:
        "the Date of Update (3 May 2011) is after the paper's own date (27 April 2011): the row's status was recorded as of the Date of Update. Check that date",
    });
  });

  it('given AFI.10 in two plans, then each listing carries the transfer from Protective Services', () => {
    const listings = plans.flatMap((p) =>
      p.items.filter((i) => i.ref === 'AFI.10').map((i) => [p.portfolio, i.transfers]),
    );
    expect(listings).toEqual([
      [
        'Territorial Policing',
        [
          {
            effectiveOn: '2011-03-24',
            fromPortfolio: 'Protective Services',
            toPortfolio: 'Territorial Policing',
            line: 127,
            text: 'This was transferred from Protective Services on 24 March 2011',
          },
        ],
      ],
      [
        'Protective Services',
        [
          {
            effectiveOn: '2011-03-24',
            fromPortfolio: 'Protective Services',
            toPortfolio: 'Territorial Policing',
            line: 155,
            text: 'The responsibility for this Area for Improvement has moved to Territorial Policing',
          },
        ],
      ],
    ]);
    expect(itemAt(document, 127).section).toBe('Cable offences');
  });

  it('given AFI.22 in three plans, then it is one key, jointly allocated, with a warning per listing', () => {
    expect(itemAt(document, 205)).toEqual({
      line: 205,
      ref: 'AFI.22',
      parentRef: 'R.4',
      kind: 'area-for-improvement',
      text: clip('More detailed work has to be done on modelling demand', 'IT in the force. (page 27)'),
      section: 'Value for Money: Staffing and Costs',
      timescale: null,
      strategicLead: null,
      actionOwner: null,
      dueDate: '2011-06-30',
      dueText: '30-Jun-11',
      initialResponse: 'This area for improvement has been allocated to Operations and Territorial Policing.',
      updates: [
        {
          effectiveOn: null,
          text: 'This area for improvement has been allocated to Operations and Territorial Policing.',
        },
      ],
      dateOfUpdate: null,
      complete: null,
      rag: null,
      key: 'area-for-improvement/AFI.22',
      updatesFrom: 'initial-response',
      jointWith: ['Operations', 'Territorial Policing'],
    });
    expect(itemAt(document, 134).jointWith).toEqual(['Operations', 'Finance & Corporate Services']);
    const jointWarnings = document.warnings.filter((w) =>
      w.reason.includes('AFI.22 is listed in several plans'),
    );
    expect(jointWarnings.map((w) => w.line)).toEqual([134, 184, 205]);
  });

  it('given AFI.25 in two plans with different wording, then it is flagged', () => {
    expect(itemAt(document, 221)).toMatchObject({
      ref: 'AFI.25',
      parentRef: null,
      rag: 'red',
      actionOwner: 'Cory Winstanley',
    });
    expect(document.warnings).toContainEqual({
      line: 221,
      reason:
        'Ref AFI.25 is printed twice with different texts (line 137 in Territorial Policing, here in Human Resources): they were kept as separate items',
    });
  });

  it('given the prose summary tables, when extracted, then each portfolio has its own figures', () => {
    const tables = readPaperSummaryTables(seedText('002'));
    expect(Object.fromEntries(tables)).toEqual({
      'Territorial Policing': {
        recommendations: { total: 3, completed: 0, green: 1, amber: 2, red: 0 },
        areasForImprovement: { total: 16, completed: 0, green: 7, amber: 9, red: 0 },
      },
      'Protective Services': {
        recommendations: { total: 1, completed: 0, green: 0, amber: 1, red: 0 },
        areasForImprovement: { total: 6, completed: 2, green: 3, amber: 1, red: 0 },
      },
      'Finance & Corporate Services': {
        recommendations: { total: 1, completed: 0, green: 0, amber: 1, red: 0 },
        areasForImprovement: { total: 2, completed: 0, green: 0, amber: 2, red: 0 },
      },
    });
    for (const portfolio of tables.keys()) expect(plans.map((p) => p.portfolio)).toContain(portfolio);
  });

  it('given columns in another order, then the summary still reads by title', () => {
    const text = [
      '3.1 Operations',
      '',
      '\tRed\tAmber\tGreen\tCompleted\tTotal',
      'Areas for Improvement\t1\t2\t3\t4\t10',
    ].join('\n');
    expect(readPaperSummaryTables(text).get('Operations')).toEqual({
      recommendations: null,
      areasForImprovement: { total: 10, completed: 4, green: 3, amber: 2, red: 1 },
    });
  });
});
