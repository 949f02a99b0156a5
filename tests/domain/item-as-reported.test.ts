import { describe, expect, it } from 'vitest';
import { ChangeDueDateInput, MarkCompleteInput } from '../../src/domain/item-commands.js';
import { itemDecider } from '../../src/domain/item-decider.js';
import { LedgerCommandInput } from '../../src/domain/ledger-commands.js';
import { deciderSpec } from './decider-spec.js';
import { ITEM, markedComplete, markedNotApplicable, ragChanged, received } from './fixtures.js';

/**
 * A fact recorded as a board paper reported it (`metadata.asReported`, the importer's) is not
 * refused by the closed-item rule, and its event says it was recorded as reported.
 */
const spec = deciderSpec(itemDecider);
const reported = (effectiveOn = '2011-06-01') => ({ effectiveOn, asReported: true as const });

describe('facts as a paper reported them, on a closed item', () => {
  it('given a complete item, when a paper rates it Green, then the rating is recorded marked as reported', () => {
    spec
      .given([received(), ragChanged('AMBER'), markedComplete()])
      .when({ type: 'ChangeRag', data: { itemId: ITEM, to: 'GREEN', reason: null }, metadata: reported() })
      .then([
        {
          type: 'RagChanged',
          data: { itemId: ITEM, from: 'AMBER', to: 'GREEN', reason: null, asReported: true },
        },
      ]);
  });

  it('given a not-applicable item, when a paper says it is complete or moves its due date, then both are recorded marked as reported', () => {
    spec
      .given([received(), markedNotApplicable()])
      .when({ type: 'MarkComplete', data: { itemId: ITEM, evidence: null }, metadata: reported() })
      .then([{ type: 'MarkedComplete', data: { itemId: ITEM, evidence: null, asReported: true } }]);
    const move = {
      type: 'ChangeDueDate' as const,
      data: {
        itemId: ITEM,
        listingPlanId: null,
        dueDate: '2011-12-31',
        timescale: null,
        reason: 'as reported',
        escalated: false,
      },
      metadata: reported(),
    };
    spec
      .given([received(), markedNotApplicable()])
      .when(move)
      .then([{ type: 'DueDateChanged', data: { ...move.data, asReported: true } }]);
  });

  it('given a complete item, when a paper marks it not applicable, then it is recorded marked as reported', () => {
    spec
      .given([received(), markedComplete()])
      .when({
        type: 'MarkNotApplicable',
        data: { itemId: ITEM, reason: 'Home Office' },
        metadata: reported(),
      })
      .then([
        { type: 'MarkedNotApplicable', data: { itemId: ITEM, reason: 'Home Office', asReported: true } },
      ]);
  });

  it('given an open item, when a paper rates it, then nothing is marked (the mark means a rule was set aside)', () => {
    spec
      .given([received()])
      .when({ type: 'ChangeRag', data: { itemId: ITEM, to: 'RED', reason: null }, metadata: reported() })
      .then([{ type: 'RagChanged', data: { itemId: ITEM, from: null, to: 'RED', reason: null } }]);
  });

  it('given the other rules, then a paper does not set them aside (unchanged RAG, completing twice)', () => {
    spec
      .given([received(), ragChanged('GREEN'), markedComplete()])
      .when({ type: 'ChangeRag', data: { itemId: ITEM, to: 'GREEN', reason: null }, metadata: reported() })
      .thenThrows('item.rag_unchanged', 'data.to');
    spec
      .given([received(), markedComplete()])
      .when({ type: 'MarkComplete', data: { itemId: ITEM, evidence: null }, metadata: reported() })
      .thenThrows('item.already_complete', 'data.itemId');
  });

  it('given a caller’s command, then it cannot claim "as reported" itself (strict command data)', () => {
    const claim = { itemId: ITEM, evidence: null, asReported: true };
    expect(MarkCompleteInput.safeParse({ type: 'MarkComplete', data: claim }).success).toBe(false);
    expect(
      ChangeDueDateInput.safeParse({
        type: 'ChangeDueDate',
        data: {
          itemId: ITEM,
          dueDate: null,
          timescale: 'Now',
          reason: 'x',
          escalated: false,
          asReported: true,
        },
      }).success,
    ).toBe(false);
    expect(
      LedgerCommandInput.safeParse({
        type: 'ChangeRag',
        data: { itemId: ITEM, to: 'RED', reason: null, asReported: true },
      }).success,
    ).toBe(false);
  });
});
