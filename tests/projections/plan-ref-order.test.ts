import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { type PlanSnapshot, planSnapshot } from '../../projections/current-plans.js';
import { ids, LogBuilder } from './factories.js';

const NOW = '2030-01-01T00:00:00.000Z';
const [a, b, c, d] = [ids.item(1), ids.item(2), ids.item(3), ids.item(4)];

/** The order the plan's items must come in, worked out here without the kept orders. */
const collator = new Intl.Collator('en', { numeric: true });
const refsSortedAfresh = (snap: PlanSnapshot | null) =>
  [...(snap?.items ?? [])].sort((x, y) => collator.compare(x.item.ref, y.item.ref)).map((i) => i.item.ref);
const refs = (snap: PlanSnapshot | null) => (snap?.items ?? []).map((i) => i.item.ref);

function given() {
  const log = new LogBuilder();
  log.plan(ids.ps, ids.inspection, 'Protective Services', { on: '2011-03-01' });
  const item = (itemId: string, ref: string, on: string) =>
    log.received({ itemId, inspectionId: ids.inspection, planId: ids.ps, ref }, { on });
  item(a, 'AFI.10', '2011-03-01');
  const received = item(b, 'AFI.2', '2011-03-01');
  item(c, 'R.1', '2011-04-01');
  item(d, 'AFI.9', '2011-05-01');
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return { index, log, received };
}

describe('a plan read keeps its items in ref order (the order kept per plan)', () => {
  it('gives the collator order at every date, as items arrive, read in any order of dates', () => {
    // Given a plan whose items arrive on three dates
    const { index } = given();
    // When it is read at dates back and forth (each read may reuse the order the last one kept)
    const dates = ['2011-05-02', '2011-03-02', '2011-04-02', '2011-05-02', '2011-03-02', '2011-04-02'];
    const seen = dates.map((asOf) => planSnapshot(index, ids.ps, { asOf, knownAt: NOW }));
    // Then every read is in natural ref order, and holds the items received by then
    for (const snap of seen) expect(refs(snap)).toEqual(refsSortedAfresh(snap));
    expect(refs(seen[0] ?? null)).toEqual(['AFI.2', 'AFI.9', 'AFI.10', 'R.1']);
    expect(refs(seen[1] ?? null)).toEqual(['AFI.2', 'AFI.10']);
    expect(refs(seen[2] ?? null)).toEqual(['AFI.2', 'AFI.10', 'R.1']);
  });

  it('follows a correction of a printed ref, and a read before the correction keeps the old order', () => {
    // Given the plan read once (its order kept), then AFI.2's printed ref corrected to AFI.99
    const { index, log, received } = given();
    const before = planSnapshot(index, ids.ps, { asOf: '2011-05-02', knownAt: NOW });
    expect(refs(before)).toEqual(['AFI.2', 'AFI.9', 'AFI.10', 'R.1']);
    const knownBefore = log.events.at(-1)?.recordedAt ?? '';
    index.apply(log.correct(received, { fields: { printedRef: 'AFI.99' } }, { on: '2011-06-01' }));
    // When it is read again now, and as it was known before the correction
    const after = planSnapshot(index, ids.ps, { asOf: '2011-05-02', knownAt: NOW });
    const asKnown = planSnapshot(index, ids.ps, { asOf: '2011-05-02', knownAt: knownBefore });
    // Then the corrected ref sorts where it now belongs, and the earlier knowledge is as it was
    expect(refs(after)).toEqual(['AFI.9', 'AFI.10', 'AFI.99', 'R.1']);
    expect(refs(after)).toEqual(refsSortedAfresh(after));
    expect(refs(asKnown)).toEqual(['AFI.2', 'AFI.9', 'AFI.10', 'R.1']);
  });

  it('places the same items as a fresh sort would, entry for entry (ties keep the read order)', () => {
    // Given two items printed with the same ref
    const log = new LogBuilder();
    log.plan(ids.ps, ids.inspection, 'Protective Services', { on: '2011-03-01' });
    for (const [itemId, ref] of [
      [a, 'AFI.3'],
      [b, 'AFI.1'],
      [c, 'AFI.3'],
    ] as const)
      log.received({ itemId, inspectionId: ids.inspection, planId: ids.ps, ref }, { on: '2011-03-01' });
    const index = new AsOfIndex();
    for (const e of log.events) index.apply(e);
    // When it is read twice (the second read from the kept order)
    const first = planSnapshot(index, ids.ps, { asOf: '2011-03-02', knownAt: NOW });
    const second = planSnapshot(index, ids.ps, { asOf: '2011-03-03', knownAt: NOW });
    // Then both list the items in the stable collator order: AFI.1, then a before c
    for (const snap of [first, second]) expect(snap?.items.map((i) => i.item.itemId)).toEqual([b, a, c]);
  });
});
