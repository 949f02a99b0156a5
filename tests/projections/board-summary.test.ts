import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { boardSummary, summarise } from '../../projections/board-summary.js';
import type { PortfolioSummary, SummaryCounts } from '../../projections/board-summary-schema.js';
import { allPlanSnapshots } from '../../projections/current-plans.js';
import { boardSawOn } from '../../projections/time.js';
import { itemIdOf, plans, seed002 } from './seed-002.js';

const table = (c: SummaryCounts) => [c.total, c.completed, c.green, c.amber, c.red];

function given002() {
  const { log, ragEvents } = seed002();
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return { log, ragEvents, index };
}

function portfolio(summary: { portfolios: PortfolioSummary[] }, planId: string): PortfolioSummary {
  const p = summary.portfolios.find((x) => x.planId === planId);
  if (!p) throw new Error(`no portfolio ${planId}`);
  return p;
}

describe('board summary: the 27 April 2011 paper (seed 002)', () => {
  const { index } = given002();
  // When: the summary the board saw on the paper's date.
  const summary = boardSummary(index, boardSawOn('2011-04-27'));

  it('reproduces Territorial Policing: transferred-in and jointly led items count there', () => {
    const tp = portfolio(summary, plans.tp);
    expect(table(tp.recommendations)).toEqual([3, 0, 1, 2, 0]);
    expect(table(tp.areasForImprovement)).toEqual([16, 0, 7, 9, 0]);
    expect(tp.recommendations.items.transferredIn.map((i) => i.ref)).toEqual(['R.2']);
    expect(tp.areasForImprovement.items.transferredIn.map((i) => i.ref)).toEqual(['AFI.10 (R.2)']);
  });

  it('reproduces Protective Services: N/A sits in Completed, transferred-out items are not counted', () => {
    const ps = portfolio(summary, plans.ps);
    expect(table(ps.recommendations)).toEqual([1, 0, 0, 1, 0]);
    expect(table(ps.areasForImprovement)).toEqual([6, 2, 3, 1, 0]);
    expect(ps.areasForImprovement.ofWhichNotApplicable).toBe(1);
    expect(ps.areasForImprovement.items.completed.map((i) => i.ref).sort()).toEqual(['AFI.16', 'AFI.18']);
    expect(ps.transferredOut.map((i) => i.ref).sort()).toEqual(['AFI.10 (R.2)', 'AFI.20 (R.4)', 'R.2']);
  });

  it('reproduces Finance & Corporate Services: the joint AFI led by TP is listed, not counted', () => {
    const fcs = portfolio(summary, plans.fcs);
    expect(table(fcs.recommendations)).toEqual([1, 0, 0, 1, 0]);
    expect(table(fcs.areasForImprovement)).toEqual([2, 0, 0, 2, 0]);
    expect(fcs.ledElsewhere.map((i) => i.ref)).toEqual(['AFI.22 (R.4)']);
    // AFI.20 arrived without a RAG: beside the table, not in Total (the paper counts it nowhere).
    expect(fcs.areasForImprovement.items.awaitingRag.map((i) => i.ref)).toEqual(['AFI.20 (R.4)']);
  });

  it('reproduces Operations (nothing counted), HR (one red) and the DCC (one complete)', () => {
    const ops = portfolio(summary, plans.ops);
    expect(table(ops.areasForImprovement)).toEqual([0, 0, 0, 0, 0]);
    expect(ops.ledElsewhere.map((i) => i.ref)).toEqual(['AFI.22 (R.4)']);
    expect(table(portfolio(summary, plans.hr).areasForImprovement)).toEqual([1, 0, 0, 0, 1]);
    expect(table(portfolio(summary, plans.dcc).areasForImprovement)).toEqual([1, 1, 0, 0, 0]);
  });

  it('counts each item once overall: 5 recommendations and 26 rated AFIs', () => {
    expect(summary.overall.recommendations.total).toBe(5);
    expect(summary.overall.areasForImprovement.total).toBe(26);
  });

  it('pins the whole "All portfolios" row: every column is the sum of the portfolio rows above it', () => {
    // Recommendations: TP 3/0/1/2/0 + PS 1/0/0/1/0 + FCS 1/0/0/1/0.
    expect(table(summary.overall.recommendations)).toEqual([5, 0, 1, 4, 0]);
    // AFIs: TP 16/0/7/9/0 + PS 6/2/3/1/0 + FCS 2/0/0/2/0 + HR 1/0/0/0/1 + DCC 1/1/0/0/0.
    expect(table(summary.overall.areasForImprovement)).toEqual([26, 3, 10, 12, 1]);
    const extras = (c: SummaryCounts) => [c.ofWhichNotApplicable, c.awaitingRag];
    expect(extras(summary.overall.areasForImprovement)).toEqual([1, 1]);
    const refs = (list: { ref: string }[]) => list.map((i) => i.ref).sort();
    expect(refs(summary.overall.areasForImprovement.items.red)).toEqual(
      refs(portfolio(summary, plans.hr).areasForImprovement.items.red),
    );
    // PS's two (one N/A) and the DCC's one.
    expect(refs(summary.overall.areasForImprovement.items.completed)).toEqual([
      'AFI.16',
      'AFI.18',
      'AFI.26 (R.5)',
    ]);
    expect(refs(summary.overall.areasForImprovement.items.completed)).toEqual(
      refs(summary.portfolios.flatMap((p) => p.areasForImprovement.items.completed)),
    );
    for (const key of ['total', 'completed', 'green', 'amber', 'red'] as const) {
      for (const kind of ['recommendations', 'areasForImprovement'] as const) {
        const sum = summary.portfolios.reduce((n, p) => n + p[kind][key], 0);
        expect(summary.overall[kind][key], `${kind}.${key}`).toBe(sum);
      }
    }
  });

  it('the one-pass summary equals summarising the plan snapshots (same numbers, same items)', () => {
    const at = boardSawOn('2011-04-27');
    const viaSnapshots = summarise(allPlanSnapshots(index, at), at);
    const sortRefs = (p: PortfolioSummary) =>
      JSON.parse(JSON.stringify(p), (_k, v) =>
        Array.isArray(v) && v.every((x) => typeof x?.ref === 'string')
          ? [...v].sort((a, b) => a.ref.localeCompare(b.ref))
          : v,
      );
    const byPlan = (s: { portfolios: PortfolioSummary[] }) =>
      Object.fromEntries(s.portfolios.map((p) => [p.planId, sortRefs(p)]));
    expect(byPlan(summary)).toEqual(byPlan(viaSnapshots));
  });

  it('drills down from every number to exactly the items behind it', () => {
    const tp = portfolio(summary, plans.tp);
    expect(tp.areasForImprovement.items.green.map((i) => i.ref)).toEqual([
      'AFI.2 (R.1)',
      'AFI.3 (R.1)',
      'AFI.5 (R.1)',
      'AFI.6 (R.1)',
      'AFI.7 (R.1)',
      'AFI.8 (R.1)',
      'AFI.25 (R.5)',
    ]);
    expect(tp.areasForImprovement.items.amber).toHaveLength(tp.areasForImprovement.amber);
  });
});

describe('board summary: a correction recorded after the board', () => {
  it('gives what the board saw and what we now know was true, and they differ', () => {
    // Given: HR's AFI was reported RED; on 10 May someone records that it was AMBER all along.
    const { log, ragEvents, index } = given002();
    const red = ragEvents.get('AFI.25 (HR)');
    if (!red) throw new Error('fixture');
    index.apply(
      log.correct(
        red,
        { fields: { to: 'AMBER' } },
        { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
      ),
    );
    // When
    const saw = boardSummary(index, boardSawOn('2011-04-27'));
    const nowKnown = boardSummary(index, { asOf: '2011-04-27', knownAt: '2011-06-01T00:00:00.000Z' });
    // Then
    expect(table(portfolio(saw, plans.hr).areasForImprovement)).toEqual([1, 0, 0, 0, 1]);
    expect(table(portfolio(nowKnown, plans.hr).areasForImprovement)).toEqual([1, 0, 0, 1, 0]);
  });

  it('moves a transfer on the business axis when its date is corrected', () => {
    // Given: AFI.10's transfer is corrected to 1 May (after the board date).
    const { log, index } = given002();
    const transfer = log.events.find(
      (e) => e.type === 'TransferredBetweenPortfolios' && e.streamId === `item-${itemIdOf('AFI.10 (R.2)')}`,
    );
    if (!transfer) throw new Error('fixture');
    index.apply(
      log.correct(
        transfer,
        { effectiveOn: '2011-05-01' },
        { on: '2011-05-02', recordedAt: '2011-05-02T09:00:00.000Z' },
      ),
    );
    // When / Then: now we know it was still Protective Services' on 27 April.
    const nowKnown = boardSummary(index, { asOf: '2011-04-27', knownAt: '2011-06-01T00:00:00.000Z' });
    expect(portfolio(nowKnown, plans.tp).areasForImprovement.total).toBe(15);
    expect(portfolio(nowKnown, plans.ps).areasForImprovement.total).toBe(7);
    expect(portfolio(boardSummary(index, boardSawOn('2011-04-27')), plans.tp).areasForImprovement.total).toBe(
      16,
    );
  });
});
