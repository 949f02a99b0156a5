import { describe, expect, it } from 'vitest';
import { boardDecider } from '../../src/domain/board-decider.js';
import { itemDecider } from '../../src/domain/item-decider.js';
import { planDecider } from '../../src/domain/plan-decider.js';
import { deciderSpec, on } from './decider-spec.js';
import { boardReportPresented, ITEM, meta, PLAN, PLAN_B, planOpened, planRef, received } from './fixtures.js';

/**
 * A refusal is read by people (the API's problem `detail`, the import's sentence) and by machines
 * (`rule`, `facts`): the words name things as the paper does, the facts keep ids and ISO dates.
 */
describe('refusals in the reader’s words, facts for machines', () => {
  it('given an item received on 1 April 2011, when an update is dated 24 April 2009, then the words say both dates in words and the facts keep them as ISO dates', () => {
    const refusal = deciderSpec(itemDecider)
      .given([on('2011-04-01', received())])
      .when({ type: 'PostUpdate', data: { itemId: ITEM, text: 'Done' }, metadata: meta('2009-04-24') })
      .thenThrows('item.effective_before_received', 'metadata.effectiveOn');
    expect(refusal?.message).toBe('24 April 2009 is before item AFI.3 was received (1 April 2011)');
    expect(refusal?.facts).toEqual({ itemId: ITEM, effectiveOn: '2009-04-24', receivedOn: '2011-04-01' });
  });

  it('given no such plan, when an item is received into it, then the words name the item, not the plan id, and the facts name the plan id', () => {
    const refusal = deciderSpec(itemDecider)
      .given()
      .when({
        type: 'ReceiveRecommendation',
        data: {
          inspectionId: received().data.inspectionId,
          planId: PLAN_B,
          ref: 'AFI.3',
          printedRef: null,
          kind: 'area-for-improvement',
          parentRef: null,
          text: 'Improve crime recording.',
          reportReference: null,
          section: null,
          timescale: null,
          dueDate: null,
        },
        context: { plan: null },
        metadata: meta(),
      })
      .thenThrows('item.plan_not_found', 'data.planId');
    expect(refusal?.message).toBe(
      'the plan item AFI.3 is to be received into is not in the ledger: open the plan first',
    );
    expect(refusal?.facts).toEqual({ planId: PLAN_B });
  });

  it('given a row with no ref (keyed line-32), when its update is refused, then it is named by its line', () => {
    const noRef = received();
    const refusal = deciderSpec(itemDecider)
      .given([on('2011-04-01', { ...noRef, data: { ...noRef.data, ref: 'line-32' } })])
      .when({ type: 'PostUpdate', data: { itemId: ITEM, text: 'Done' }, metadata: meta('2011-03-01') })
      .thenThrows('item.effective_before_received');
    expect(refusal?.message).toBe(
      '1 March 2011 is before the item without a ref at line 32 was received (1 April 2011)',
    );
  });

  it('given an open plan, when its owner change is dated before it opened, then the plan is named by its portfolio', () => {
    const refusal = deciderSpec(planDecider)
      .given([on('2011-04-01', planOpened())])
      .when({
        type: 'ChangePlanOwner',
        data: { planId: PLAN, planOwner: 'Supt Pacey' },
        metadata: meta('2011-01-31'),
      })
      .thenThrows('plan.effective_before_opened');
    expect(refusal?.message).toBe(
      '31 January 2011 is before the Territorial Policing plan was opened (1 April 2011)',
    );
    expect(refusal?.facts).toEqual({ planId: PLAN, effectiveOn: '2011-01-31', openedOn: '2011-04-01' });
  });

  it('given a board report naming a plan not in the ledger, then the words count it and the facts list its id', () => {
    const refusal = deciderSpec(boardDecider)
      .given()
      .when({
        type: 'PresentBoardReport',
        data: boardReportPresented({ planIds: [PLAN, PLAN_B] }).data,
        context: { plans: [planRef(PLAN)] },
        metadata: meta('2011-04-27'),
      })
      .thenThrows('board.plan_not_found', 'data.planIds');
    expect(refusal?.message).toBe('one of the plans it presents is not in the ledger');
    expect(refusal?.facts).toEqual({ planIds: [PLAN_B] });
  });
});
