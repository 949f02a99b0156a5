import { emptyPair, type RowPair, tally } from '../../projections/board-counts.js';
import { columnOf, rowOf } from '../../projections/board-summary-schema.js';
import { forEachPlacement } from '../../projections/current-plans.js';
import { evolvePlan, type PlanView } from '../../projections/plan-view.js';
import type { TimePoint } from '../../projections/time.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { naiveItemAt, naiveStateAt } from './naive.js';

/**
 * Every inspection's board-summary numbers at `at`, from the naive replay of each item and
 * plan stream (naive.ts): an inspection is listed when one of its plans is open then or one of
 * its items sits in a plan; an item counts once, in the plan it leads in
 * (docs/board-summary-rules.md). Sorted by inspection id.
 */
export function naiveInspectionRows(log: readonly LedgerEvent[], at: TimePoint): [string, RowPair][] {
  const out = new Map<string, RowPair>();
  const rows = (inspectionId: string): RowPair => {
    let pair = out.get(inspectionId);
    if (!pair) {
      pair = emptyPair();
      out.set(inspectionId, pair);
    }
    return pair;
  };
  const streams = (prefix: string) =>
    [...new Set(log.map((e) => e.streamId))].filter((id) => id.startsWith(prefix));
  for (const streamId of streams('plan-')) {
    const plan = naiveStateAt<PlanView>(log, streamId, at.asOf, at.knownAt, evolvePlan);
    if (plan) rows(plan.inspectionId);
  }
  for (const streamId of streams('item-')) {
    const item = naiveItemAt(log, streamId.slice('item-'.length), at.asOf, at.knownAt);
    if (!item) continue;
    forEachPlacement(item, (_planId, role, transferredIn) => {
      const pair = rows(item.inspectionId);
      if (role !== 'lead') return;
      tally(pair[rowOf(item.kind)], columnOf(item), item.status === 'not-applicable', transferredIn, 1);
    });
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1));
}
