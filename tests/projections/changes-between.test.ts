import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { changesBetween } from '../../projections/changes-between.js';
import { ids, LogBuilder } from './factories.js';

const [a, b, c, d] = [ids.item(1), ids.item(2), ids.item(3), ids.item(4)];
const NOW = '2012-01-01T00:00:00.000Z';

function given() {
  const log = new LogBuilder();
  const item = (itemId: string, ref: string) =>
    log.received(
      { itemId, inspectionId: ids.inspection, planId: ids.tp, ref, dueDate: '2011-06-30' },
      { on: '2011-03-16' },
    );
  item(a, 'AFI.1');
  item(b, 'AFI.2');
  item(c, 'AFI.3');
  log.rag(a, 'AMBER', { on: '2011-04-01' });
  log.rag(b, 'GREEN', { on: '2011-04-01' });
  log.complete(c, { on: '2011-04-01' });
  // After the April board:
  log.rag(a, 'RED', { on: '2011-05-02' });
  log.update(a, 'Slipped', { on: '2011-05-02' });
  log.complete(b, { on: '2011-05-03' });
  log.reopen(c, { on: '2011-05-04' });
  log.due(c, '2011-05-31', { on: '2011-05-04' }, true);
  log.transfer(b, ids.tp, ids.ps, { on: '2011-05-05' });
  log.received(
    { itemId: d, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.4' },
    { on: '2011-05-06' },
  );
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return index;
}

describe('changes between two dates', () => {
  const index = given();
  // When: what changed between the April and June boards.
  const result = changesBetween(index, { from: '2011-04-27', to: '2011-06-01', knownAt: NOW });
  const of = (itemId: string) => result.items.find((i) => i.itemId === itemId)?.changes ?? [];

  it('reports re-rating from → to, and updates', () => {
    expect(of(a)).toEqual([
      { change: 'updated', newUpdates: 1, latest: { text: 'Slipped', effectiveOn: '2011-05-02' } },
      { change: 're-rated', from: 'AMBER', to: 'RED' },
    ]);
  });

  it('reports completion and transfer', () => {
    expect(of(b)).toEqual([
      { change: 'completed' },
      { change: 'transferred', fromPlanId: ids.tp, toPlanId: ids.ps },
    ]);
  });

  it('reports a reopening and an escalated due date', () => {
    expect(of(c)).toEqual([
      { change: 'reopened', from: 'complete' },
      expect.objectContaining({
        change: 'due-date-moved',
        from: '2011-06-30',
        to: '2011-05-31',
        escalated: true,
      }),
    ]);
  });

  it('reports items added in the period and nothing for an empty period', () => {
    expect(of(d)).toEqual([{ change: 'added' }]);
    expect(changesBetween(index, { from: '2011-04-27', to: '2011-04-30', knownAt: NOW }).items).toEqual([]);
  });

  it('filters to one plan, keeping items that left it', () => {
    const ps = changesBetween(
      index,
      { from: '2011-04-27', to: '2011-06-01', knownAt: NOW },
      { planId: ids.ps },
    );
    expect(ps.items.map((i) => i.itemId)).toEqual([b]);
  });
});

describe('a dated management response is news, as an update is', () => {
  const log = new LogBuilder();
  log.received(
    { itemId: a, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.1', dueDate: '2011-06-30' },
    { on: '2011-03-16' },
  );
  log.update(a, 'Scoping started', { on: '2011-04-01' });
  log.response(a, 'Accepted: training for all custody staff by June', { on: '2011-05-03' });
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);

  it('given a response dated after the last update, then it is the item’s latest update', () => {
    const item = index.itemAt(a, { asOf: '2011-05-31', knownAt: NOW });
    expect(item?.latestUpdate).toEqual({
      text: 'Accepted: training for all custody staff by June',
      effectiveOn: '2011-05-03',
    });
    expect(item?.updatesCount).toBe(1);
    expect(index.itemAt(a, { asOf: '2011-04-30', knownAt: NOW })?.latestUpdate?.text).toBe('Scoping started');
  });

  it('when the period covers it, then /changes lists it as a new response, not as an update', () => {
    const result = changesBetween(index, { from: '2011-04-27', to: '2011-05-03', knownAt: NOW });
    expect(result.items.find((i) => i.itemId === a)?.changes).toEqual([
      {
        change: 'responded',
        response: 'Accepted: training for all custody staff by June',
        effectiveOn: '2011-05-03',
      },
    ]);
  });
});
