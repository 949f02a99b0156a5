import { deterministicEventId, itemIdFor } from '../../src/domain/ids.js';
import type { LedgerEventBody } from '../../src/domain/ledger-event.js';

/** Readable, valid, stable ULIDs for tests. */
export const idFor = (name: string) => deterministicEventId(`fixture:${name}`);

export const INSPECTION = idFor('inspection');
export const OTHER_INSPECTION = idFor('other-inspection');
export const PLAN = idFor('plan-territorial');
export const PLAN_B = idFor('plan-protective');
export const PLAN_C = idFor('plan-corporate');
export const FOREIGN_PLAN = idFor('plan-of-other-inspection');
export const BOARD = idFor('board-prg');
export const REF = 'AFI.3';
export const ITEM = itemIdFor(INSPECTION, REF);

/** Every domain command carries the business date it becomes true. */
export const meta = (effectiveOn = '2011-05-01') => ({ effectiveOn });

type Body<T extends LedgerEventBody['type']> = Extract<LedgerEventBody, { type: T }>;

export const inspectionRegistered = (over: Partial<Body<'InspectionRegistered'>['data']> = {}) =>
  ({
    type: 'InspectionRegistered',
    data: {
      inspectionId: INSPECTION,
      title: 'BTP Inspection 2010',
      inspectorate: 'HMIC',
      fieldworkFrom: '2010-09-01',
      fieldworkTo: '2010-09-30',
      publishedOn: '2011-01-15',
      source: 'entered by hand',
      ...over,
    },
  }) satisfies Body<'InspectionRegistered'>;

export const planOpened = (over: Partial<Body<'PlanOpened'>['data']> = {}) =>
  ({
    type: 'PlanOpened',
    data: {
      planId: PLAN,
      inspectionId: INSPECTION,
      portfolio: 'Territorial Policing',
      portfolioOwner: 'ACC Territorial Policing',
      planOwner: 'Ch Supt Smith',
      ...over,
    },
  }) satisfies Body<'PlanOpened'>;

/** The item's creating data (without itemId), as ReceiveRecommendation takes it. */
export const recommendationData = () => ({
  inspectionId: INSPECTION,
  planId: PLAN,
  ref: REF,
  printedRef: null,
  kind: 'area-for-improvement' as const,
  parentRef: 'R.1',
  text: 'The force should improve the quality of its crime recording.',
  reportReference: 'pg 45 paragraph 3.8',
  section: 'Crime recording',
  timescale: null,
  dueDate: '2011-09-30',
});

export const received = () =>
  ({
    type: 'RecommendationReceived',
    data: { itemId: ITEM, ...recommendationData() },
  }) satisfies Body<'RecommendationReceived'>;

export const ragChanged = (to: 'RED' | 'AMBER' | 'GREEN', from: 'RED' | 'AMBER' | 'GREEN' | null = null) =>
  ({ type: 'RagChanged', data: { itemId: ITEM, from, to, reason: null } }) satisfies Body<'RagChanged'>;

export const markedComplete = () =>
  ({
    type: 'MarkedComplete',
    data: { itemId: ITEM, evidence: 'Audit shows 98% compliance' },
  }) satisfies Body<'MarkedComplete'>;

export const markedNotApplicable = () =>
  ({
    type: 'MarkedNotApplicable',
    data: { itemId: ITEM, reason: 'To be progressed by the Home Office' },
  }) satisfies Body<'MarkedNotApplicable'>;

export const updatePosted = (text = 'Training delivered to all custody staff') =>
  ({ type: 'UpdatePosted', data: { itemId: ITEM, text } }) satisfies Body<'UpdatePosted'>;

export const boardReportPresented = (over: Partial<Body<'BoardReportPresented'>['data']> = {}) =>
  ({
    type: 'BoardReportPresented',
    data: {
      boardId: BOARD,
      boardName: 'BTPA Performance Review Group',
      boardDate: '2011-04-27',
      planIds: [PLAN],
      asOf: over.boardDate ?? '2011-04-27',
      knownAt: null,
      snapshotDigest: null,
      ...over,
    },
  }) satisfies Body<'BoardReportPresented'>;

export const planRef = (planId: string, inspectionId = INSPECTION) => ({ planId, inspectionId });
