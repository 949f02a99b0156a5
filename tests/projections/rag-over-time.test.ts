import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { datesBetween, pointCount, ragOverTime } from '../../projections/rag-over-time.js';
import { ids, LogBuilder } from './factories.js';

const NOW = '2012-01-01T00:00:00.000Z';

describe('RAG over time', () => {
  it('counts each item once per date, by its RAG on that date', () => {
    // Given
    const log = new LogBuilder();
    for (const n of [1, 2]) {
      log.received(
        { itemId: ids.item(n), inspectionId: ids.inspection, planId: ids.tp, ref: `AFI.${n}` },
        { on: '2011-03-01' },
      );
    }
    log.rag(ids.item(1), 'RED', { on: '2011-03-10' });
    log.rag(ids.item(2), 'AMBER', { on: '2011-03-20' });
    log.rag(ids.item(1), 'GREEN', { on: '2011-04-05' });
    log.complete(ids.item(2), { on: '2011-04-20' });
    const index = new AsOfIndex();
    for (const e of log.events) index.apply(e);
    // When
    const chart = ragOverTime(index, { from: '2011-03-01', to: '2011-05-01', step: 'month', knownAt: NOW });
    // Then
    expect(chart.points).toEqual([
      { date: '2011-03-01', red: 0, amber: 0, green: 0, completed: 0, notApplicable: 0, awaitingRag: 2 },
      { date: '2011-04-01', red: 1, amber: 1, green: 0, completed: 0, notApplicable: 0, awaitingRag: 0 },
      { date: '2011-05-01', red: 0, amber: 0, green: 1, completed: 1, notApplicable: 0, awaitingRag: 0 },
    ]);
  });

  it('steps by day, week and month (clamping month ends)', () => {
    expect(datesBetween('2011-01-30', '2011-02-01', 'day')).toEqual([
      '2011-01-30',
      '2011-01-31',
      '2011-02-01',
    ]);
    expect(datesBetween('2011-01-01', '2011-01-15', 'week')).toEqual([
      '2011-01-01',
      '2011-01-08',
      '2011-01-15',
    ]);
    expect(datesBetween('2011-01-31', '2011-03-31', 'month')).toEqual([
      '2011-01-31',
      '2011-02-28',
      '2011-03-31',
    ]);
  });

  it('given quarter and year steps, then they keep the day, clamp at month end, and count as they list', () => {
    expect(datesBetween('2010-11-30', '2011-08-31', 'quarter')).toEqual([
      '2010-11-30',
      '2011-02-28',
      '2011-05-30',
      '2011-08-30',
    ]);
    expect(datesBetween('2010-02-28', '2026-02-27', 'year')).toHaveLength(16);
    for (const [from, to, step] of [
      ['2010-11-30', '2011-08-31', 'quarter'],
      ['2010-11-30', '2011-08-29', 'quarter'],
      ['2010-02-28', '2026-02-27', 'year'],
      ['2010-02-28', '2026-02-28', 'year'],
    ] as const) {
      expect(pointCount(from, to, step)).toBe(datesBetween(from, to, step).length);
    }
  });
});
