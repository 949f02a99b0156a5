import { describe, expect, it } from 'vitest';
import { itemDecider } from '../../src/domain/item-decider.js';
import { on } from './decider-spec.js';
import {
  ITEM,
  markedComplete,
  markedNotApplicable,
  meta,
  OTHER_INSPECTION,
  PLAN,
  planRef,
  ragChanged,
  received,
  recommendationData,
  updatePosted,
} from './fixtures.js';
import { changeDueDate, changeRag, postUpdate, receive, spec } from './item-commands.js';

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
