import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { overdue } from '../../projections/overdue.js';
import { ids, LogBuilder } from './factories.js';

const NOW = '2012-01-01T00:00:00.000Z';

function given() {
  const log = new LogBuilder();
  const item = (n: number, dueDate: string | null) =>
    log.received(
      { itemId: ids.item(n), inspectionId: ids.inspection, planId: ids.tp, ref: `AFI.${n}`, dueDate },
      { on: '2011-03-16' },
    );
  item(1, '2011-06-30');
  item(2, '2011-07-10');
  item(3, '2011-06-01');
  item(4, null);
  item(5, '2011-09-30');
  log.complete(ids.item(3), { on: '2011-05-20' });
  log.due(ids.item(5), '2011-06-15', { on: '2011-05-01' }, true);
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return index;
}

describe('overdue and due soon', () => {
  const index = given();

  it('on 1 July: open items past due are overdue, most overdue first; complete ones never are', () => {
    const report = overdue(index, { asOf: '2011-07-01', knownAt: NOW }, 14);
    expect(report.overdue.map((o) => [o.item.ref, o.daysOverdue])).toEqual([
      ['AFI.5', 16],
      ['AFI.1', 1],
    ]);
    expect(report.overdue[0]?.escalated).toBe(true);
    expect(report.dueSoon.map((o) => [o.item.ref, o.daysOverdue])).toEqual([['AFI.2', -9]]);
    expect(report.undated.map((r) => r.ref)).toEqual(['AFI.4']);
  });

  it('on an earlier date uses the due dates as they stood then', () => {
    const report = overdue(index, { asOf: '2011-04-20', knownAt: NOW }, 60);
    expect(report.overdue).toEqual([]);
    expect(report.dueSoon.map((o) => o.item.ref)).toEqual(['AFI.3']);
  });
});
