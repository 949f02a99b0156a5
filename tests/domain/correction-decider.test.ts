import { describe, expect, it } from 'vitest';
import { itemDecider } from '../../src/domain/item-decider.js';
import { planDecider } from '../../src/domain/plan-decider.js';
import { deciderSpec, on } from './decider-spec.js';
import { ITEM, idFor, meta, PLAN, planOpened, ragChanged, received, updatePosted } from './fixtures.js';

const items = deciderSpec(itemDecider);
const RECEIPT = idFor('receipt');
const RATING = idFor('rating');
const UPDATE = idFor('update');
const FIX = idFor('fix');

/** An item received on 1 April, rated AMBER on 1 May, updated on 2 May. */
const history = () => [
  on('2011-04-01', received(), RECEIPT),
  on('2011-05-01', ragChanged('AMBER'), RATING),
  on('2011-05-02', updatePosted(), UPDATE),
];

const correct = (
  correctsEventId: string,
  fields: Record<string, unknown>,
  effectiveOn: string | null = null,
) => ({
  type: 'CorrectEntry' as const,
  data: { correctsEventId, fields, effectiveOn, reason: 'Transcription error' },
  metadata: meta('2011-06-01'),
});
const retract = (retractsEventId: string) => ({
  type: 'RetractEntry' as const,
  data: { retractsEventId, reason: 'Recorded against the wrong item' },
  metadata: meta('2011-06-01'),
});
const corrected = (
  correctsEventId: string,
  fields: Record<string, unknown>,
  effectiveOn: string | null = null,
) => ({
  type: 'EntryCorrected' as const,
  data: { correctsEventId, fields, effectiveOn, reason: 'Transcription error' },
});

describe('CorrectEntry', () => {
  it('corrects data fields of an event of the same stream', () => {
    items
      .given(history())
      .when(correct(RATING, { to: 'RED' }))
      .then([corrected(RATING, { to: 'RED' })]);
  });
  it('corrects only the business date', () => {
    items
      .given(history())
      .when(correct(UPDATE, {}, '2011-04-20'))
      .then([corrected(UPDATE, {}, '2011-04-20')]);
  });
  it('works on any stream kind (a plan here)', () => {
    deciderSpec(planDecider)
      .given([on('2011-02-01', planOpened(), RECEIPT)])
      .when(correct(RECEIPT, { portfolio: 'Protective Services' }))
      .then([corrected(RECEIPT, { portfolio: 'Protective Services' })]);
  });
  it('refuses an event that is not in this stream', () => {
    items
      .given(history())
      .when(correct(idFor('elsewhere'), { to: 'RED' }))
      .thenThrows('correction.target_not_found', 'data.correctsEventId');
  });
  it('refuses to correct a correction', () => {
    items
      .given([...history(), on('2011-06-01', corrected(RATING, { to: 'RED' }), FIX)])
      .when(correct(FIX, { to: 'GREEN' }))
      .thenThrows('correction.target_is_correction', 'data.correctsEventId');
  });
  it('refuses to correct a retracted event', () => {
    items
      .given([...history(), { type: 'EntryRetracted', data: { retractsEventId: UPDATE, reason: 'x' } }])
      .when(correct(UPDATE, { text: 'Better wording' }))
      .thenThrows('correction.target_retracted', 'data.correctsEventId');
  });
  it('refuses to change ids or the ref', () => {
    items
      .given(history())
      .when(correct(RECEIPT, { planId: PLAN }))
      .thenThrows('correction.immutable_field', 'data.fields.planId');
    items
      .given(history())
      .when(correct(RECEIPT, { ref: 'AFI.4' }))
      .thenThrows('correction.immutable_field', 'data.fields.ref');
    items
      .given(history())
      .when(correct(RATING, { itemId: ITEM }))
      .thenThrows('correction.immutable_field', 'data.fields.itemId');
  });
  it("re-validates against the original event's schema", () => {
    items
      .given(history())
      .when(correct(RATING, { to: 'COMPLETE' }))
      .thenThrows('correction.invalid_fields', 'data.fields.to');
    items
      .given(history())
      .when(correct(UPDATE, { colour: 'blue' }))
      .thenThrows('correction.invalid_fields');
    items
      .given(history())
      .when(correct(RECEIPT, { dueDate: '2011-02-30' }))
      .thenThrows('correction.invalid_fields', 'data.fields.dueDate');
  });
  it('refuses a date that puts a fact before the creating event', () => {
    items
      .given(history())
      .when(correct(UPDATE, {}, '2011-03-01'))
      .thenThrows('correction.effective_before_creation', 'data.effectiveOn');
    items
      .given(history())
      .when(correct(RECEIPT, {}, '2011-05-15'))
      .thenThrows('correction.effective_before_creation', 'data.effectiveOn');
  });
  it('refuses a correction that changes nothing', () => {
    items
      .given(history())
      .when(correct(RATING, { to: 'AMBER' }))
      .thenThrows('correction.changes_nothing', 'data.fields');
  });
});

describe('RetractEntry', () => {
  it('retracts an event of the same stream', () => {
    items
      .given(history())
      .when(retract(UPDATE))
      .then([
        {
          type: 'EntryRetracted',
          data: { retractsEventId: UPDATE, reason: 'Recorded against the wrong item' },
        },
      ]);
  });
  it('refuses to retract twice', () => {
    items
      .given([...history(), { type: 'EntryRetracted', data: { retractsEventId: UPDATE, reason: 'x' } }])
      .when(retract(UPDATE))
      .thenThrows('correction.already_retracted', 'data.retractsEventId');
  });
  it('refuses to retract a correction', () => {
    items
      .given([...history(), on('2011-06-01', corrected(RATING, { to: 'RED' }), FIX)])
      .when(retract(FIX))
      .thenThrows('correction.target_is_correction', 'data.retractsEventId');
  });
  it('refuses an event that is not in this stream', () => {
    items
      .given(history())
      .when(retract(idFor('elsewhere')))
      .thenThrows('correction.target_not_found', 'data.retractsEventId');
  });
  it('refuses the creating event', () => {
    items
      .given(history())
      .when(retract(RECEIPT))
      .thenThrows('correction.cannot_retract_creation', 'data.retractsEventId');
  });
});

describe('the state a correction leaves', () => {
  it('a corrected receipt date moves the earliest date rules are judged against', () => {
    items
      .given([...history(), corrected(RECEIPT, {}, '2011-03-01')])
      .when({ type: 'PostUpdate', data: { itemId: ITEM, text: 'Late entry' }, metadata: meta('2011-03-15') })
      .then([{ type: 'UpdatePosted', data: { itemId: ITEM, text: 'Late entry' } }]);
  });
  it('a stored correction that breaks its target schema is a corrupt event, not a silent state', () => {
    expect(() => items.given([...history(), corrected(RATING, { to: 'PURPLE' })])).toThrow(/cannot be read/);
  });
});
