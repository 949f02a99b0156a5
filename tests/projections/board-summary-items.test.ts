import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { boardCounts, boardSummary } from '../../projections/board-summary.js';
import { SummaryCell, summaryItems } from '../../projections/board-summary-items.js';
import type { BoardSummary, ItemRef } from '../../projections/board-summary-schema.js';
import { boardSawOn } from '../../projections/time.js';
import { seed002 } from './seed-002.js';

function given002() {
  const index = new AsOfIndex();
  for (const e of seed002().log.events) index.apply(e);
  return index;
}

const ROWS = ['recommendations', 'areasForImprovement'] as const;
const refs = (items: readonly ItemRef[]) => items.map((i) => i.itemId).sort();

/** The list the full summary keeps under a cell (Total: every counted column). */
function listed(summary: BoardSummary, planId: string | null, row: (typeof ROWS)[number], cell: SummaryCell) {
  if (cell === 'transferredOut' || cell === 'ledElsewhere') {
    // Per portfolio; for All portfolios, every item so listed anywhere (once).
    const lists = summary.portfolios
      .filter((p) => planId === null || p.planId === planId)
      .map((p) => p[cell]);
    return [...new Map(lists.flat().map((i) => [i.itemId, i])).values()];
  }
  const group = planId === null ? summary.overall : summary.portfolios.find((p) => p.planId === planId);
  if (!group) throw new Error(`no portfolio ${planId}`);
  const items = group[row].items;
  return cell === 'total' ? [...items.completed, ...items.green, ...items.amber, ...items.red] : items[cell];
}

describe('board summary: counts on demand, items a page at a time (seed 002)', () => {
  const index = given002();
  const points = [boardSawOn('2011-04-27'), { asOf: '2030-01-01', knownAt: '2030-01-01T00:00:00.000Z' }];

  it('given the counts only, then they are the full summary without the lists', () => {
    for (const at of points) {
      const full = boardSummary(index, at);
      const counts = boardCounts(index, at);
      const strip = ({ items: _items, ...rest }: BoardSummary['overall']['recommendations']) => rest;
      expect(counts).toEqual({
        asOf: full.asOf,
        knownAt: full.knownAt,
        portfolios: full.portfolios.map(({ transferredOut: _o, ledElsewhere: _l, ...p }) => ({
          ...p,
          recommendations: strip(p.recommendations),
          areasForImprovement: strip(p.areasForImprovement),
        })),
        overall: {
          recommendations: strip(full.overall.recommendations),
          areasForImprovement: strip(full.overall.areasForImprovement),
        },
      });
      expect(JSON.stringify(counts)).not.toContain('"itemId"');
    }
  });

  it('given every cell of every portfolio and of All portfolios, when paged by 2, then the pages are exactly its list', () => {
    let nonEmpty = 0;
    for (const at of points) {
      const full = boardSummary(index, at);
      for (const planId of [null, ...full.portfolios.map((p) => p.planId)]) {
        for (const row of ROWS) {
          for (const column of SummaryCell.options) {
            const expected = refs(listed(full, planId, row, column));
            const got: ItemRef[] = [];
            let page = summaryItems(index, at, {
              planId: planId ?? undefined,
              row,
              column,
              offset: 0,
              limit: 2,
            });
            while (page.items.length > 0) {
              expect(page.total).toBe(expected.length);
              got.push(...page.items);
              page = summaryItems(index, at, {
                planId: planId ?? undefined,
                row,
                column,
                offset: got.length,
                limit: 2,
              });
            }
            expect(refs(got), `${planId} ${row} ${column}`).toEqual(expected);
            if (expected.length > 0) nonEmpty++;
          }
        }
      }
    }
    // The seed has transfers, joint allocations, N/A and unrated items: most kinds of cell are hit.
    expect(nonEmpty).toBeGreaterThan(40);
  });

  it('given one inspection, when its All portfolios cells are paged, then each is exactly that summary’s list', () => {
    let nonEmpty = 0;
    for (const at of points) {
      for (const inspectionId of new Set(boardSummary(index, at).portfolios.map((p) => p.inspectionId))) {
        if (inspectionId === null) continue;
        const full = boardSummary(index, at, inspectionId);
        for (const row of ROWS)
          for (const column of SummaryCell.options) {
            const page = summaryItems(index, at, { inspectionId, row, column, offset: 0, limit: 500 });
            const expected = refs(listed(full, null, row, column));
            expect(refs(page.items), `${inspectionId} ${row} ${column}`).toEqual(expected);
            expect(page.total).toBe(expected.length);
            if (expected.length > 0) nonEmpty++;
          }
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
  });

  it('given one inspection or a report’s plans, then pages hold only what that summary counts', () => {
    const at = points[1] ?? boardSawOn('2011-04-27');
    const full = boardSummary(index, at);
    const somePlans = full.portfolios.slice(0, 2).map((p) => p.planId);
    const limited = boardSummary(index, at, undefined, somePlans);
    const page = summaryItems(index, at, {
      planIds: somePlans,
      row: 'areasForImprovement',
      column: 'total',
      offset: 0,
      limit: 500,
    });
    expect(refs(page.items)).toEqual(refs(listed(limited, null, 'areasForImprovement', 'total')));
    const other = summaryItems(index, at, {
      inspectionId: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ',
      row: 'recommendations',
      column: 'total',
      offset: 0,
      limit: 50,
    });
    expect(other.total).toBe(0);
  });
});
