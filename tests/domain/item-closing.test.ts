/** MarkComplete, Reopen and MarkNotApplicable: how an item is closed and opened again. */
import { describe, it } from 'vitest';
import { on } from './decider-spec.js';
import { ITEM, markedComplete, markedNotApplicable, received } from './fixtures.js';
import { markComplete, markNotApplicable, reopen, spec } from './item-commands.js';

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
