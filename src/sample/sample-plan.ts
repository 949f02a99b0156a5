/**
 * The sample ledger `npm start` loads into an empty store: a fictional force's answer to a
 * fictional inspection, written by the team (no seed data), shaped like a real plan: two
 * portfolios, a dozen items, months of dated updates, a transfer, a completion, a board report.
 * Plain data; `load-sample.ts` turns it into commands.
 */

export interface SampleItem {
  ref: string;
  kind: 'recommendation' | 'area-for-improvement';
  parentRef: string | null;
  portfolio: 'local' | 'crime';
  section: string;
  text: string;
  dueDate: string | null;
  timescale: string | null;
  strategicLead: string;
  actionOwner: string;
  receivedOn: string;
  response: { on: string; text: string };
  /** Dated happenings after the response, in date order. */
  timeline: SampleStep[];
}

export type SampleStep =
  | { on: string; kind: 'update'; text: string }
  | { on: string; kind: 'rag'; to: 'RED' | 'AMBER' | 'GREEN'; reason: string | null }
  | { on: string; kind: 'complete'; evidence: string }
  | { on: string; kind: 'transfer'; to: 'local' | 'crime'; note: string }
  | { on: string; kind: 'due'; dueDate: string; reason: string; escalated: boolean };

export const sampleInspection = {
  title: 'Northshire Constabulary: Police Effectiveness Inspection 2024',
  inspectorate: 'HM Inspectorate of Constabulary (fictional sample)',
  fieldworkFrom: '2024-09-09',
  fieldworkTo: '2024-09-13',
  publishedOn: '2024-12-05',
  source: 'Sample data shipped with Plan Ledger',
  registeredOn: '2024-12-05',
};

export const samplePlans = {
  local: {
    portfolio: 'Local Policing',
    portfolioOwner: 'Assistant Chief Constable, Local Policing',
    planOwner: 'Superintendent, Neighbourhood Policing',
    openedOn: '2024-12-16',
  },
  crime: {
    portfolio: 'Crime and Justice',
    portfolioOwner: 'Assistant Chief Constable, Crime',
    planOwner: 'Detective Chief Superintendent, Crime Standards',
    openedOn: '2024-12-16',
  },
} as const;

export const sampleBoard = { name: 'Northshire Performance Review Board', presentedOn: '2025-04-24' };

const lead = { local: 'ACC Local Policing', crime: 'ACC Crime' } as const;

export const sampleItems: SampleItem[] = [
  {
    ref: 'R.1',
    kind: 'recommendation',
    parentRef: null,
    portfolio: 'local',
    section: 'Neighbourhood policing',
    text: 'Within six months the force should make sure every neighbourhood team has an up-to-date problem-solving plan agreed with its community.',
    dueDate: '2025-06-30',
    timescale: 'Within six months',
    strategicLead: lead.local,
    actionOwner: 'Chief Inspector, Neighbourhoods',
    receivedOn: '2024-12-16',
    response: {
      on: '2025-01-10',
      text: 'Accepted. A template plan and a quarterly community meeting cycle will be introduced.',
    },
    timeline: [
      { on: '2025-01-10', kind: 'rag', to: 'AMBER', reason: 'Template drafted, not yet adopted' },
      {
        on: '2025-02-14',
        kind: 'update',
        text: 'Template approved at Neighbourhood Board; 9 of 24 teams have a plan.',
      },
      {
        on: '2025-04-11',
        kind: 'update',
        text: '20 of 24 teams have agreed plans; remaining four scheduled for May meetings.',
      },
      { on: '2025-04-11', kind: 'rag', to: 'GREEN', reason: 'On track for June' },
    ],
  },
  {
    ref: 'AFI.1 (R.1)',
    kind: 'area-for-improvement',
    parentRef: 'R.1',
    portfolio: 'local',
    section: 'Neighbourhood policing',
    text: 'The force should improve how it records the outcome of problem-solving work so that what works can be shared.',
    dueDate: '2025-05-31',
    timescale: null,
    strategicLead: lead.local,
    actionOwner: 'Inspector, Problem Solving Hub',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-10', text: 'An outcome field will be added to the problem-solving database.' },
    timeline: [
      { on: '2025-01-10', kind: 'rag', to: 'AMBER', reason: null },
      {
        on: '2025-03-07',
        kind: 'update',
        text: 'Database change delivered; guidance issued to all hub staff.',
      },
      {
        on: '2025-05-02',
        kind: 'complete',
        evidence: 'Outcome field live since 3 March; 140 outcomes recorded; dip sample passed.',
      },
    ],
  },
  {
    ref: 'AFI.2 (R.1)',
    kind: 'area-for-improvement',
    parentRef: 'R.1',
    portfolio: 'local',
    section: 'Neighbourhood policing',
    text: 'The force should reduce the abstraction of neighbourhood officers to response duties.',
    dueDate: '2025-09-30',
    timescale: null,
    strategicLead: lead.local,
    actionOwner: 'Superintendent, Response',
    receivedOn: '2024-12-16',
    response: {
      on: '2025-01-17',
      text: 'Abstraction will be monitored weekly and capped at 10% of duty hours.',
    },
    timeline: [
      { on: '2025-01-17', kind: 'rag', to: 'RED', reason: 'Abstraction at 27% over winter' },
      { on: '2025-03-21', kind: 'update', text: 'Weekly monitoring in place; abstraction down to 18%.' },
      { on: '2025-03-21', kind: 'rag', to: 'AMBER', reason: 'Improving trend' },
      {
        on: '2025-06-06',
        kind: 'update',
        text: 'Abstraction 12% in May; summer events plan protects neighbourhood teams.',
      },
    ],
  },
  {
    ref: 'AFI.3 (R.1)',
    kind: 'area-for-improvement',
    parentRef: 'R.1',
    portfolio: 'local',
    section: 'Anti-social behaviour',
    text: 'The force should make sure repeat victims of anti-social behaviour are identified at first contact.',
    dueDate: '2025-03-31',
    timescale: null,
    strategicLead: lead.local,
    actionOwner: 'Head of Contact Management',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-10', text: 'A repeat-caller flag will be added to the contact system.' },
    timeline: [
      { on: '2025-01-10', kind: 'rag', to: 'AMBER', reason: null },
      { on: '2025-02-28', kind: 'update', text: 'Supplier has delayed the contact system release to April.' },
      {
        on: '2025-02-28',
        kind: 'due',
        dueDate: '2025-05-30',
        reason: 'Supplier release delayed',
        escalated: false,
      },
      { on: '2025-05-23', kind: 'update', text: 'Flag live; call handlers briefed.' },
    ],
  },
  {
    ref: 'R.2',
    kind: 'recommendation',
    parentRef: null,
    portfolio: 'crime',
    section: 'Investigations',
    text: 'Immediately, the force should make sure investigations are allocated to staff with the right skills and supervised.',
    dueDate: null,
    timescale: 'Immediately',
    strategicLead: lead.crime,
    actionOwner: 'Detective Superintendent, Investigations',
    receivedOn: '2024-12-16',
    response: {
      on: '2025-01-08',
      text: 'Accepted. An allocation policy and a monthly supervision audit start in January.',
    },
    timeline: [
      { on: '2025-01-08', kind: 'rag', to: 'AMBER', reason: null },
      {
        on: '2025-02-05',
        kind: 'update',
        text: 'Allocation policy published; first audit found 71% of files supervised.',
      },
      { on: '2025-04-02', kind: 'update', text: 'Second audit: 88% of files supervised.' },
    ],
  },
  {
    ref: 'AFI.4 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Investigations',
    text: 'The force should make sure victims are updated on their investigation in line with the Victims Code.',
    dueDate: '2025-04-30',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Head of Victim Services',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-08', text: 'Victim update reminders will be automated in the crime system.' },
    timeline: [
      { on: '2025-01-08', kind: 'rag', to: 'RED', reason: 'Compliance 54%' },
      { on: '2025-03-14', kind: 'update', text: 'Reminders live; compliance 68%.' },
      { on: '2025-03-14', kind: 'rag', to: 'AMBER', reason: 'Improving' },
    ],
  },
  {
    ref: 'AFI.5 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Neighbourhood crime',
    text: 'The force should improve its response to burglary, including forensic attendance.',
    dueDate: '2025-06-30',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Detective Chief Inspector, Acquisitive Crime',
    receivedOn: '2024-12-16',
    response: {
      on: '2025-01-08',
      text: 'A burglary standard will be agreed with Local Policing and Forensics.',
    },
    timeline: [
      { on: '2025-01-08', kind: 'rag', to: 'AMBER', reason: null },
      {
        on: '2025-02-12',
        kind: 'update',
        text: 'Draft standard agreed; neighbourhood teams will lead attendance.',
      },
      {
        on: '2025-03-14',
        kind: 'transfer',
        to: 'local',
        note: 'Responsibility has moved to Local Policing, who now attend all burglaries first',
      },
      {
        on: '2025-04-04',
        kind: 'update',
        text: 'Local Policing: forensic attendance at 92% of burglaries in March.',
      },
      { on: '2025-04-04', kind: 'rag', to: 'GREEN', reason: 'Standard met' },
    ],
  },
  {
    ref: 'AFI.6 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Vulnerability',
    text: 'The force should review how it shares information with partners about children at risk of exploitation.',
    dueDate: '2025-07-31',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Detective Inspector, Public Protection',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-15', text: 'A joint review with the safeguarding partnership is scheduled.' },
    timeline: [
      { on: '2025-01-15', kind: 'rag', to: 'GREEN', reason: null },
      {
        on: '2025-03-20',
        kind: 'update',
        text: 'Review under way; information sharing agreement redrafted.',
      },
      {
        on: '2025-04-24',
        kind: 'due',
        dueDate: '2025-05-31',
        reason: 'Escalated by the Performance Review Board',
        escalated: true,
      },
      { on: '2025-05-30', kind: 'update', text: 'Agreement signed by all partners on 28 May.' },
    ],
  },
  {
    ref: 'AFI.7 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Vulnerability',
    text: 'The force should make sure domestic abuse risk assessments are reviewed by a supervisor within 24 hours.',
    dueDate: '2025-03-31',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Detective Inspector, Domestic Abuse',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-15', text: 'A supervisor review queue will be created.' },
    timeline: [
      { on: '2025-01-15', kind: 'rag', to: 'AMBER', reason: null },
      {
        on: '2025-02-19',
        kind: 'update',
        text: 'Queue built; 80% reviewed within 24 hours in the first fortnight.',
      },
    ],
  },
  {
    ref: 'AFI.8 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Custody',
    text: 'The force should record the rationale whenever a detained person is not offered a solicitor.',
    dueDate: '2025-02-28',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Chief Inspector, Custody',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-08', text: 'Custody record updated with a mandatory rationale field.' },
    timeline: [
      { on: '2025-01-08', kind: 'rag', to: 'GREEN', reason: null },
      { on: '2025-02-26', kind: 'update', text: 'Mandatory field live since 20 February.' },
    ],
  },
  {
    ref: 'AFI.9 (R.1)',
    kind: 'area-for-improvement',
    parentRef: 'R.1',
    portfolio: 'local',
    section: 'Anti-social behaviour',
    text: 'The force should evaluate its use of dispersal orders.',
    dueDate: '2025-08-29',
    timescale: null,
    strategicLead: lead.local,
    actionOwner: 'Inspector, Partnerships',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-24', text: 'An evaluation will be commissioned from the analysis unit.' },
    timeline: [{ on: '2025-01-24', kind: 'rag', to: 'GREEN', reason: null }],
  },
  {
    ref: 'AFI.10 (R.2)',
    kind: 'area-for-improvement',
    parentRef: 'R.2',
    portfolio: 'crime',
    section: 'Investigations',
    text: 'The force should reduce the backlog of digital devices awaiting examination.',
    dueDate: '2025-05-30',
    timescale: null,
    strategicLead: lead.crime,
    actionOwner: 'Head of Digital Forensics',
    receivedOn: '2024-12-16',
    response: { on: '2025-01-08', text: 'Additional examiners will be recruited and triage introduced.' },
    timeline: [
      { on: '2025-01-08', kind: 'rag', to: 'RED', reason: 'Backlog 1,140 devices' },
      { on: '2025-03-28', kind: 'update', text: 'Triage live; backlog 860 devices.' },
      { on: '2025-05-30', kind: 'update', text: 'Two examiners in post; backlog 610 devices.' },
    ],
  },
];
