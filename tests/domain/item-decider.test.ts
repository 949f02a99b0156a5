import { describe, expect, it } from 'vitest';
import { itemDecider } from '../../src/domain/item-decider.js';
import { deciderSpec, on } from './decider-spec.js';
import {
  FOREIGN_PLAN,
  ITEM,
  idFor,
  markedComplete,
  markedNotApplicable,
  meta,
  OTHER_INSPECTION,
  PLAN,
  PLAN_B,
  PLAN_C,
  planRef,
  ragChanged,
  received,
  recommendationData,
  updatePosted,
} from './fixtures.js';

const spec = deciderSpec(itemDecider);

const receive = (
  context: { plan: { planId: string; inspectionId: string } | null } = { plan: planRef(PLAN) },
) => ({
  type: 'ReceiveRecommendation' as const,
  data: recommendationData(),
  context,
  metadata: meta('2011-04-01'),
});
const changeRag = (to: 'RED' | 'AMBER' | 'GREEN', effectiveOn = '2011-05-01') => ({
  type: 'ChangeRag' as const,
  data: { itemId: ITEM, to, reason: 'Progress reviewed' },
  metadata: meta(effectiveOn),
});
const postUpdate = (effectiveOn = '2011-05-01') => ({
  type: 'PostUpdate' as const,
  data: { itemId: ITEM, text: 'Evidence sent to HMIC' },
  metadata: meta(effectiveOn),
});
const markComplete = (effectiveOn = '2011-05-01') => ({
  type: 'MarkComplete' as const,
  data: { itemId: ITEM, evidence: 'Audit shows 98% compliance' },
  metadata: meta(effectiveOn),
});
const markNotApplicable = () => ({
  type: 'MarkNotApplicable' as const,
  data: { itemId: ITEM, reason: 'To be progressed by the Home Office' },
  metadata: meta(),
});
const reopen = () => ({
  type: 'Reopen' as const,
  data: { itemId: ITEM, reason: 'HMIC revisit found gaps' },
  metadata: meta(),
});
const changeDueDate = (dueDate: string | null, escalated = false, reason = 'Escalated by the PRG') => ({
  type: 'ChangeDueDate' as const,
  data: { itemId: ITEM, listingPlanId: null, dueDate, timescale: null, reason, escalated },
  metadata: meta(),
});
const transfer = (toPlanId: string, toPlan: { planId: string; inspectionId: string } | null) => ({
  type: 'TransferToPlan' as const,
  data: { itemId: ITEM, toPlanId, note: 'Transferred from Protective Services' },
  context: { toPlan },
  metadata: meta(),
});
const allocate = (withPlanIds: string[], leadPlanId: string, plans = [planRef(PLAN_B), planRef(PLAN_C)]) => ({
  type: 'AllocateJointly' as const,
  data: { itemId: ITEM, withPlanIds, leadPlanId },
  context: { plans },
  metadata: meta(),
});

describe('ReceiveRecommendation', () => {
  it('receives an item whose id derives from (inspection, ref)', () => {
    spec.given().when(receive()).then([received()]);
  });
  it('refuses an item received twice', () => {
    spec.given([received()]).when(receive()).thenThrows('item.already_received', 'data.ref');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given()
      .when(receive({ plan: null }))
      .thenThrows('item.plan_not_found', 'data.planId');
  });
  it("refuses another inspection's plan", () => {
    spec
      .given()
      .when(receive({ plan: planRef(PLAN, OTHER_INSPECTION) }))
      .thenThrows('item.plan_of_other_inspection', 'data.planId');
  });
  it('refuses an item that feeds into itself', () => {
    const command = { ...receive(), data: { ...recommendationData(), parentRef: ' afi.3' } };
    spec.given().when(command).thenThrows('item.parent_is_self', 'data.parentRef');
  });
});

describe('commands on an item that was never received', () => {
  it('are NotFound', () => {
    spec.given().when(postUpdate()).thenNotFound();
    spec.given().when(changeRag('RED')).thenNotFound();
  });
});

describe('AssignOwner', () => {
  const assign = (strategicLead: string | null, actionOwner: string | null) => ({
    type: 'AssignOwner' as const,
    data: { itemId: ITEM, listingPlanId: null, strategicLead, actionOwner },
    metadata: meta(),
  });
  it('assigns the lead and owner', () => {
    spec
      .given([received()])
      .when(assign('ACC TP', 'Supt Jones'))
      .then([
        {
          type: 'OwnerAssigned',
          data: { itemId: ITEM, listingPlanId: null, strategicLead: 'ACC TP', actionOwner: 'Supt Jones' },
        },
      ]);
  });
  it('refuses identical owners', () => {
    spec
      .given([
        received(),
        {
          type: 'OwnerAssigned',
          data: { itemId: ITEM, listingPlanId: null, strategicLead: 'A', actionOwner: 'B' },
        },
      ])
      .when(assign('A', 'B'))
      .thenThrows('item.owner_unchanged', 'data.strategicLead');
  });
});

describe('ChangeDueDate', () => {
  it('moves the due date with a reason', () => {
    spec
      .given([received()])
      .when(changeDueDate('2011-12-31', false, 'Awaiting new IT system'))
      .then([
        {
          type: 'DueDateChanged',
          data: {
            itemId: ITEM,
            listingPlanId: null,
            dueDate: '2011-12-31',
            timescale: null,
            reason: 'Awaiting new IT system',
            escalated: false,
          },
        },
      ]);
  });
  it('records an escalation that pulls the date forward', () => {
    spec
      .given([received()])
      .when(changeDueDate('2011-06-30', true))
      .then([
        {
          type: 'DueDateChanged',
          data: {
            itemId: ITEM,
            listingPlanId: null,
            dueDate: '2011-06-30',
            timescale: null,
            reason: 'Escalated by the PRG',
            escalated: true,
          },
        },
      ]);
  });
  it('needs a non-empty reason (decider guard, below the schema)', () => {
    spec
      .given([received()])
      .when(changeDueDate('2011-12-31', false, '   '), { skipSchema: true })
      .thenThrows('item.due_date_reason_required', 'data.reason');
  });
  it('refuses a change to the same date', () => {
    spec
      .given([received()])
      .when(changeDueDate('2011-09-30'))
      .thenThrows('item.due_date_unchanged', 'data.dueDate');
  });
  it('refuses an escalation that does not bring the date forward', () => {
    spec
      .given([received()])
      .when(changeDueDate('2011-10-31', true))
      .thenThrows('item.escalation_not_earlier', 'data.dueDate');
  });
  it('refuses a closed item', () => {
    spec
      .given([received(), markedComplete()])
      .when(changeDueDate('2011-12-31'))
      .thenThrows('item.closed', 'data.itemId');
  });
});

describe('RecordResponse', () => {
  const respond = (response: string) => ({
    type: 'RecordResponse' as const,
    data: { itemId: ITEM, listingPlanId: null, response },
    metadata: meta(),
  });
  it('records the management response', () => {
    spec
      .given([received()])
      .when(respond('Accepted'))
      .then([
        { type: 'ResponseRecorded', data: { itemId: ITEM, listingPlanId: null, response: 'Accepted' } },
      ]);
  });
  it('refuses the same response again', () => {
    spec
      .given([
        received(),
        { type: 'ResponseRecorded', data: { itemId: ITEM, listingPlanId: null, response: 'Accepted' } },
      ])
      .when(respond('Accepted'))
      .thenThrows('item.response_unchanged', 'data.response');
  });
});

describe('PostUpdate', () => {
  it('posts a dated update', () => {
    spec
      .given([received()])
      .when(postUpdate())
      .then([updatePosted('Evidence sent to HMIC')]);
  });
  it('accepts closing notes after completion', () => {
    spec
      .given([received(), markedComplete()])
      .when(postUpdate())
      .then([updatePosted('Evidence sent to HMIC')]);
  });
  it('refuses an update dated before the item was received', () => {
    spec
      .given([on('2011-04-01', received())])
      .when(postUpdate('2011-03-31'))
      .thenThrows('item.effective_before_received', 'metadata.effectiveOn');
  });
});

describe('ChangeRag', () => {
  it('derives `from` (null at first) from the ledger', () => {
    spec
      .given([received()])
      .when(changeRag('AMBER'))
      .then([
        { type: 'RagChanged', data: { itemId: ITEM, from: null, to: 'AMBER', reason: 'Progress reviewed' } },
      ]);
    spec
      .given([received(), ragChanged('AMBER')])
      .when(changeRag('GREEN'))
      .then([
        {
          type: 'RagChanged',
          data: { itemId: ITEM, from: 'AMBER', to: 'GREEN', reason: 'Progress reviewed' },
        },
      ]);
  });
  it('takes the latest rating in business time, not record order', () => {
    spec
      .given([received(), on('2011-06-01', ragChanged('GREEN')), on('2011-05-01', ragChanged('RED'))])
      .when(changeRag('AMBER', '2011-07-01'))
      .then([
        {
          type: 'RagChanged',
          data: { itemId: ITEM, from: 'GREEN', to: 'AMBER', reason: 'Progress reviewed' },
        },
      ]);
  });
  it('refuses the current value', () => {
    spec
      .given([received(), ragChanged('RED')])
      .when(changeRag('RED'))
      .thenThrows('item.rag_unchanged', 'data.to');
  });
  it('refuses a rating dated before receipt', () => {
    spec
      .given([on('2011-04-01', received())])
      .when(changeRag('RED', '2011-01-01'))
      .thenThrows('item.effective_before_received', 'metadata.effectiveOn');
  });
  it('refuses a closed item', () => {
    spec
      .given([received(), markedComplete()])
      .when(changeRag('GREEN'))
      .thenThrows('item.closed', 'data.itemId');
    spec
      .given([received(), markedNotApplicable()])
      .when(changeRag('GREEN'))
      .thenThrows('item.closed', 'data.itemId');
  });
  it('refuses anything but RED / AMBER / GREEN (schema)', () => {
    const command = { ...changeRag('RED'), data: { itemId: ITEM, to: 'COMPLETE', reason: null } };
    expect(() => itemDecider.commandSchema.parse(command)).toThrow();
  });
});

describe('MarkComplete', () => {
  it('completes an open item', () => {
    spec.given([received()]).when(markComplete()).then([markedComplete()]);
  });
  it('refuses to complete twice', () => {
    spec
      .given([received(), markedComplete()])
      .when(markComplete())
      .thenThrows('item.already_complete', 'data.itemId');
  });
  it('refuses a not-applicable item', () => {
    spec
      .given([received(), markedNotApplicable()])
      .when(markComplete())
      .thenThrows('item.closed', 'data.itemId');
  });
  it('refuses a completion dated before receipt', () => {
    spec
      .given([on('2011-04-01', received())])
      .when(markComplete('2011-02-01'))
      .thenThrows('item.effective_before_received', 'metadata.effectiveOn');
  });
});

describe('Reopen', () => {
  const reopened = { type: 'Reopened', data: { itemId: ITEM, reason: 'HMIC revisit found gaps' } } as const;
  it('reopens a complete or not-applicable item', () => {
    spec.given([received(), markedComplete()]).when(reopen()).then([reopened]);
    spec.given([received(), markedNotApplicable()]).when(reopen()).then([reopened]);
  });
  it('refuses an open item', () => {
    spec.given([received()]).when(reopen()).thenThrows('item.not_closed', 'data.itemId');
    spec
      .given([received(), markedComplete(), reopened])
      .when(reopen())
      .thenThrows('item.not_closed', 'data.itemId');
  });
});

describe('MarkNotApplicable', () => {
  it('closes an open item as not applicable', () => {
    spec.given([received()]).when(markNotApplicable()).then([markedNotApplicable()]);
  });
  it('refuses twice', () => {
    spec
      .given([received(), markedNotApplicable()])
      .when(markNotApplicable())
      .thenThrows('item.already_not_applicable', 'data.itemId');
  });
  it('refuses a complete item', () => {
    spec
      .given([received(), markedComplete()])
      .when(markNotApplicable())
      .thenThrows('item.closed', 'data.itemId');
  });
});

describe('TransferToPlan', () => {
  it('moves the item, with `from` taken from the ledger', () => {
    spec
      .given([received()])
      .when(transfer(PLAN_B, planRef(PLAN_B)))
      .then([
        {
          type: 'TransferredBetweenPortfolios',
          data: {
            itemId: ITEM,
            fromPlanId: PLAN,
            toPlanId: PLAN_B,
            note: 'Transferred from Protective Services',
          },
        },
      ]);
  });
  it('refuses the plan it is in', () => {
    spec
      .given([received()])
      .when(transfer(PLAN, planRef(PLAN)))
      .thenThrows('item.transfer_to_same_plan', 'data.toPlanId');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given([received()])
      .when(transfer(PLAN_B, null))
      .thenThrows('item.transfer_plan_not_found', 'data.toPlanId');
  });
  it("refuses another inspection's plan", () => {
    spec
      .given([received()])
      .when(transfer(FOREIGN_PLAN, planRef(FOREIGN_PLAN, OTHER_INSPECTION)))
      .thenThrows('item.transfer_to_other_inspection', 'data.toPlanId');
  });
  it('judges the next transfer from the new plan', () => {
    const moved = {
      type: 'TransferredBetweenPortfolios',
      data: { itemId: ITEM, fromPlanId: PLAN, toPlanId: PLAN_B, note: null },
    } as const;
    spec
      .given([received(), moved])
      .when(transfer(PLAN_B, planRef(PLAN_B)))
      .thenThrows('item.transfer_to_same_plan', 'data.toPlanId');
  });
});

describe('AllocateJointly', () => {
  it('shares the item with other plans of the inspection', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, PLAN_C], PLAN_B))
      .then([
        {
          type: 'JointlyAllocated',
          data: { itemId: ITEM, withPlanIds: [PLAN_B, PLAN_C], leadPlanId: PLAN_B },
        },
      ]);
  });
  it("accepts the item's own plan as lead", () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B], PLAN))
      .then([{ type: 'JointlyAllocated', data: { itemId: ITEM, withPlanIds: [PLAN_B], leadPlanId: PLAN } }]);
  });
  it("refuses the item's own plan among the others", () => {
    spec
      .given([received()])
      .when(allocate([PLAN, PLAN_B], PLAN_B))
      .thenThrows('item.joint_includes_own_plan', 'data.withPlanIds');
  });
  it('refuses a plan named twice', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, PLAN_B], PLAN_B))
      .thenThrows('item.joint_duplicate_plan', 'data.withPlanIds');
  });
  it('refuses a plan that does not exist', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B, idFor('nowhere')], PLAN_B))
      .thenThrows('item.joint_plan_not_found', 'data.withPlanIds');
  });
  it("refuses another inspection's plan", () => {
    spec
      .given([received()])
      .when(allocate([FOREIGN_PLAN], FOREIGN_PLAN, [planRef(FOREIGN_PLAN, OTHER_INSPECTION)]))
      .thenThrows('item.joint_plan_of_other_inspection', 'data.withPlanIds');
  });
  it('refuses a lead that does not share the item', () => {
    spec
      .given([received()])
      .when(allocate([PLAN_B], PLAN_C))
      .thenThrows('item.joint_lead_not_sharing', 'data.leadPlanId');
  });
  it('refuses the allocation the item already has', () => {
    spec
      .given([
        received(),
        {
          type: 'JointlyAllocated',
          data: { itemId: ITEM, withPlanIds: [PLAN_C, PLAN_B], leadPlanId: PLAN_B },
        },
      ])
      .when(allocate([PLAN_B, PLAN_C], PLAN_B))
      .thenThrows('item.joint_unchanged', 'data.withPlanIds');
  });
});

describe('corrections change what the next command is judged against', () => {
  const completion = idFor('completion');
  const rating = idFor('rating');
  it('a retracted completion leaves the item open', () => {
    spec
      .given([
        received(),
        on('2011-05-01', markedComplete(), completion),
        {
          type: 'EntryRetracted',
          data: { retractsEventId: completion, reason: 'Recorded against the wrong item' },
        },
      ])
      .when(markComplete('2011-06-01'))
      .then([markedComplete()]);
  });
  it('a corrected rating is the current one', () => {
    spec
      .given([
        received(),
        on('2011-05-01', ragChanged('AMBER'), rating),
        {
          type: 'EntryCorrected',
          data: { correctsEventId: rating, fields: { to: 'RED' }, effectiveOn: null, reason: 'Typo' },
        },
      ])
      .when(changeRag('RED', '2011-06-01'))
      .thenThrows('item.rag_unchanged', 'data.to');
  });
  it('works on item streams only once the item exists', () => {
    const command = {
      type: 'RetractEntry' as const,
      data: { retractsEventId: rating, reason: 'wrong' },
      metadata: meta(),
    };
    spec.given().when(command).thenNotFound();
  });
});
