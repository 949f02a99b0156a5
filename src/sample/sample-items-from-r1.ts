import { type SampleItem, sampleLeads } from './sample-item.js';

/**
 * The sample paper's first recommendation and the areas for improvement listed after it, in
 * the paper's order (R.1, AFI.1–3): the Local Policing portfolio's neighbourhood work.
 */
export const itemsFromR1: SampleItem[] = [
  {
    ref: 'R.1',
    kind: 'recommendation',
    parentRef: null,
    portfolio: 'local',
    section: 'Neighbourhood policing',
    text: 'Within six months the force should make sure every neighbourhood team has an up-to-date problem-solving plan agreed with its community.',
    dueDate: '2025-06-30',
    timescale: 'Within six months',
    strategicLead: sampleLeads.local,
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
    strategicLead: sampleLeads.local,
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
    strategicLead: sampleLeads.local,
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
    strategicLead: sampleLeads.local,
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
];
