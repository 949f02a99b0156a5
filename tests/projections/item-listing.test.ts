import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { allPlanSnapshots, planSnapshot } from '../../projections/current-plans.js';
import { ids, LogBuilder } from './factories.js';

/**
 * Seed 002's AFI.22, reduced: in F&CS's plan, shared with TP (the lead, with its own owner,
 * due date and response) and Operations (its own owner and a later due date).
 */
const NOW = '2030-01-01T00:00:00.000Z';
const item = ids.item(22);
const ops = ids.ops;

function given() {
  const log = new LogBuilder();
  for (const [planId, name] of [
    [ids.tp, 'Territorial Policing'],
    [ids.fcs, 'Finance & Corporate Services'],
    [ops, 'Operations'],
  ] as const) {
    log.plan(planId, ids.inspection, name, { on: '2011-02-23' });
  }
  log.received(
    { itemId: item, inspectionId: ids.inspection, planId: ids.fcs, ref: 'AFI.22', dueDate: '2011-06-30' },
    { on: '2011-02-23' },
  );
  log.owner(item, 'C/Ins Brian Gosden Supt Pacey', { on: '2011-02-23' });
  log.joint(item, [ids.tp, ops], ids.tp, { on: '2011-02-23' });
  const listing = (planId: string) => ({ itemId: item, listingPlanId: planId });
  const at = (on: string) => ({ on });
  log.add(
    `item-${item}`,
    {
      type: 'OwnerAssigned',
      data: { ...listing(ops), strategicLead: null, actionOwner: 'ACC Territorial Policing' },
    },
    at('2011-02-23'),
  );
  log.add(
    `item-${item}`,
    {
      type: 'DueDateChanged',
      data: {
        ...listing(ops),
        dueDate: '2011-07-31',
        timescale: null,
        reason: 'As listed',
        escalated: false,
      },
    },
    at('2011-02-23'),
  );
  log.response(item, 'Supt Pacey is receiving data.', at('2011-04-06'));
  log.update(item, 'Data analysed.', at('2011-04-04'));
  log.add(
    `item-${item}`,
    { type: 'ResponseRecorded', data: { ...listing(ops), response: 'The IT weaknesses were addressed.' } },
    at('2011-04-05'),
  );
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return index;
}

describe('each plan lists a shared item with its own owner, due date and response', () => {
  const index = given();
  const at = { asOf: '2011-05-01', knownAt: NOW };

  it('given Operations stated its own owner, due date and response, then its plan shows them', () => {
    const row = planSnapshot(index, ops, at)?.items.find((i) => i.item.itemId === item);
    expect(row?.role).toBe('shared');
    expect(row?.item).toMatchObject({
      actionOwner: 'ACC Territorial Policing',
      strategicLead: null,
      dueDate: '2011-07-31',
      initialResponse: 'The IT weaknesses were addressed.',
      // Its own response (5 Apr) is later than the item's update (4 Apr); TP's response is not its news.
      latestUpdate: { text: 'The IT weaknesses were addressed.', effectiveOn: '2011-04-05' },
    });
  });

  it("given the item's own facts, then the plans that stated nothing of their own show the item's", () => {
    for (const planId of [ids.tp, ids.fcs]) {
      const row = planSnapshot(index, planId, at)?.items.find((i) => i.item.itemId === item);
      expect(row?.item).toMatchObject({
        actionOwner: 'C/Ins Brian Gosden Supt Pacey',
        dueDate: '2011-06-30',
        initialResponse: 'Supt Pacey is receiving data.',
        latestUpdate: { text: 'Supt Pacey is receiving data.', effectiveOn: '2011-04-06' },
      });
    }
  });

  it('given all plans at once, then each listing is the same as the one-plan read', () => {
    const all = allPlanSnapshots(index, at);
    for (const planId of [ids.tp, ids.fcs, ops]) {
      const fromAll = all.find((s) => s.planId === planId)?.items.find((i) => i.item.itemId === item);
      const fromOne = planSnapshot(index, planId, at)?.items.find((i) => i.item.itemId === item);
      expect(fromAll).toEqual(fromOne);
    }
  });

  it('given a time before Operations stated its response, then its listing shows none of its own yet', () => {
    const row = planSnapshot(index, ops, { asOf: '2011-04-04', knownAt: NOW })?.items.find(
      (i) => i.item.itemId === item,
    );
    expect(row?.item).toMatchObject({
      actionOwner: 'ACC Territorial Policing',
      initialResponse: null,
      latestUpdate: { text: 'Data analysed.', effectiveOn: '2011-04-04' },
    });
  });
});
