import { describe, expect, it } from 'vitest';
import { ItemView, itemWithRevision } from '../../projections/item-view.js';
import { ulid } from './factories.js';

/** An item state as a fold leaves it, with the nested members a stamp must carry over. */
const state = (revision: number): ItemView =>
  ItemView.parse({
    itemId: ulid(1),
    inspectionId: ulid(2),
    planId: ulid(3),
    ref: 'AFI.2',
    uniqueRef: 'AFI.2',
    kind: 'area-for-improvement',
    parentRef: 'R.1',
    text: 'Review the "on call" rota',
    reportReference: null,
    section: 'Leadership',
    timescale: '6 months',
    strategicLead: 'ACC',
    actionOwner: null,
    dueDate: '2011-06-30',
    escalated: false,
    initialResponse: 'Agreed',
    respondedOn: '2011-05-01',
    latestUpdate: { text: 'Rota drafted', effectiveOn: '2011-06-01' },
    updatesCount: 1,
    latestPosted: { text: 'Rota drafted', effectiveOn: '2011-06-01' },
    rag: 'AMBER',
    status: 'open',
    closedOn: null,
    jointAllocation: { withPlanIds: [ulid(4)], leadPlanId: ulid(3) },
    transfers: [],
    listings: [],
    receivedOn: '2011-04-27',
    revision,
    lastChangedOn: '2011-06-01',
  });

describe('an item state stamped with the revision its reader sees', () => {
  it('given the revision it already holds, it is the same object', () => {
    const item = state(4);
    expect(itemWithRevision(item, 4)).toBe(item);
  });

  it('given a later revision, it is a copy with only the revision changed, in the same member order, and the state is left as it was', () => {
    const item = state(4);
    const before = JSON.stringify(item);
    const stamped = itemWithRevision(item, 9);
    expect(stamped).not.toBe(item);
    expect(JSON.stringify(stamped)).toBe(JSON.stringify({ ...item, revision: 9 }));
    expect(ItemView.parse(stamped)).toEqual({ ...item, revision: 9 });
    expect(JSON.stringify(item)).toBe(before);
  });
});
