import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { allPlanSnapshots, planSnapshot } from '../../projections/current-plans.js';
import { ids, LogBuilder } from './factories.js';

const NOW = '2030-01-01T00:00:00.000Z';
const [a, b] = [ids.item(1), ids.item(2)];

function given() {
  const log = new LogBuilder();
  log.plan(ids.tp, ids.inspection, 'Territorial Policing', { on: '2011-03-16' });
  log.plan(ids.ps, ids.inspection, 'Protective Services', { on: '2011-03-16' });
  log.plan(ids.fcs, ids.inspection, 'Finance & Corporate Services', { on: '2011-03-16' });
  log.received(
    { itemId: a, inspectionId: ids.inspection, planId: ids.ps, ref: 'AFI.10' },
    { on: '2011-03-16' },
  );
  log.owner(a, 'D/Supt Shrubsole', { on: '2011-03-17' });
  log.rag(a, 'AMBER', { on: '2011-03-20' });
  log.transfer(a, ids.ps, ids.tp, { on: '2011-03-24' });
  log.update(a, 'Review done', { on: '2011-04-07' });
  log.received(
    { itemId: b, inspectionId: ids.inspection, planId: ids.fcs, ref: 'AFI.22' },
    { on: '2011-03-16' },
  );
  log.joint(b, [ids.ps, ids.tp], ids.tp, { on: '2011-04-06' });
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return index;
}

describe('current plans and plan snapshots', () => {
  const index = given();

  it('shows an item transferred out in its old plan, and as transferred in (lead) in its new one', () => {
    const at = { asOf: '2011-05-01', knownAt: NOW };
    const ps = planSnapshot(index, ids.ps, at);
    const tp = planSnapshot(index, ids.tp, at);
    expect(ps?.items.find((i) => i.item.itemId === a)?.role).toBe('transferred-out');
    expect(tp?.items.find((i) => i.item.itemId === a)).toMatchObject({ role: 'lead', transferredIn: true });
    expect(tp?.plan?.portfolio).toBe('Territorial Policing');
  });

  it('carries the current fields of an item', () => {
    const item = planSnapshot(index, ids.tp, { asOf: '2011-05-01', knownAt: NOW })?.items.find(
      (i) => i.item.itemId === a,
    )?.item;
    expect(item).toMatchObject({
      ref: 'AFI.10',
      planId: ids.tp,
      actionOwner: 'D/Supt Shrubsole',
      rag: 'AMBER',
      status: 'open',
      latestUpdate: { text: 'Review done', effectiveOn: '2011-04-07' },
      updatesCount: 1,
      revision: 4,
    });
  });

  it('before the transfer date, the item is only in its first plan', () => {
    const at = { asOf: '2011-03-20', knownAt: NOW };
    expect(planSnapshot(index, ids.ps, at)?.items.map((i) => i.role)).toEqual(['lead']);
    expect(planSnapshot(index, ids.tp, at)?.items).toEqual([]);
  });

  it('lists a jointly allocated item in every sharing plan, led by one', () => {
    const plansNow = allPlanSnapshots(index, { asOf: '2011-05-01', knownAt: NOW });
    const roleOfB = (planId: string) =>
      plansNow.find((p) => p.planId === planId)?.items.find((i) => i.item.itemId === b)?.role;
    expect([roleOfB(ids.fcs), roleOfB(ids.ps), roleOfB(ids.tp)]).toEqual(['shared', 'shared', 'lead']);
  });

  it('is null for a plan nobody has heard of', () => {
    expect(planSnapshot(index, ids.ops, { asOf: '2011-05-01', knownAt: NOW })).toBeNull();
  });
});
