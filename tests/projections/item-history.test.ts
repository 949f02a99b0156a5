import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { itemHistory } from '../../projections/item-history.js';
import { ids, LogBuilder } from './factories.js';

const itemId = ids.item(1);

function given() {
  const log = new LogBuilder();
  log.received({ itemId, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.3' }, { on: '2011-03-16' });
  const red = log.rag(itemId, 'RED', { on: '2011-04-06', recordedAt: '2011-04-06T10:00:00.000Z' });
  const update = log.update(itemId, 'Trial started', {
    on: '2011-04-10',
    recordedAt: '2011-04-10T10:00:00.000Z',
  });
  const fix = log.correct(
    red,
    { fields: { to: 'AMBER' } },
    { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
  );
  const retraction = log.retract(update, { on: '2011-05-11', recordedAt: '2011-05-11T10:00:00.000Z' });
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return { index, red, update, fix, retraction };
}

describe('item history', () => {
  it('lists every fact with actor and both dates, corrections beside what they correct', () => {
    const { index, red, fix } = given();
    const history = itemHistory(index, itemId, '2012-01-01T00:00:00.000Z');
    expect(history?.entries.map((e) => e.type)).toEqual([
      'RecommendationReceived',
      'RagChanged',
      'UpdatePosted',
    ]);
    const rag = history?.entries[1];
    expect(rag?.eventId).toBe(red.eventId);
    expect(rag?.actor.id).toBe('key-tester');
    expect(rag?.recordedAt).toBe('2011-04-06T10:00:00.000Z');
    expect(rag?.data).toMatchObject({ to: 'AMBER' });
    expect(rag?.originalData).toMatchObject({ to: 'RED' });
    expect(rag?.fixes.map((f) => [f.eventId, f.type, f.recordedAt])).toEqual([
      [fix.eventId, 'EntryCorrected', '2011-05-10T10:00:00.000Z'],
    ]);
    expect(rag?.stateAfter?.rag).toBe('AMBER');
  });

  it('shows a retracted entry as retracted, with the state unchanged by it', () => {
    const { index } = given();
    const entries = itemHistory(index, itemId, '2012-01-01T00:00:00.000Z')?.entries ?? [];
    const update = entries[2];
    expect(update?.retracted).toBe(true);
    expect(update?.fixes[0]?.type).toBe('EntryRetracted');
    expect(update?.stateAfter?.updatesCount).toBe(0);
  });

  it('at an earlier knownAt shows the trail as it was then, before the fixes', () => {
    const { index } = given();
    const entries = itemHistory(index, itemId, '2011-04-30T00:00:00.000Z')?.entries ?? [];
    expect(entries[1]?.data).toMatchObject({ to: 'RED' });
    expect(entries[1]?.fixes).toEqual([]);
    expect(entries[2]?.retracted).toBe(false);
    expect(entries[2]?.stateAfter?.latestUpdate).toEqual({
      text: 'Trial started',
      effectiveOn: '2011-04-10',
    });
  });

  it('is null for an item the ledger has never seen', () => {
    expect(itemHistory(new AsOfIndex(), ids.item(99), '2012-01-01T00:00:00.000Z')).toBeNull();
  });
});
