import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../../projections/as-of-index.js';
import * as q from '../../../projections/runtime/queries.js';
import { NotFoundError, ValidationError } from '../../../src/errors.js';
import { ids } from '../factories.js';
import { itemIdOf, plans, seed002 } from '../seed-002.js';

function given() {
  const { log, ragEvents } = seed002();
  const red = ragEvents.get('AFI.25 (HR)');
  if (!red) throw new Error('fixture');
  // A correction recorded two weeks after the board: the HR item was AMBER, not RED.
  log.correct(red, { fields: { to: 'AMBER' } }, { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' });
  log.board(ids.item(900), '2011-04-27', [plans.tp, plans.hr], {
    on: '2011-04-27',
    recordedAt: '2011-04-27T15:00:00.000Z',
  });
  const index = new AsOfIndex();
  for (const e of log.events) index.apply(e);
  return { index, now: () => new Date('2011-06-01T12:00:00.000Z') };
}

describe('queries', () => {
  const source = given();
  const hrItem = itemIdOf('AFI.25 (HR)');

  it('answers "what did the board see on D" and "what do we now know was true on D" differently', () => {
    // knownAt given as a date is the end of that UTC day.
    const saw = q.getItem(source, hrItem, { asOf: '2011-04-27', knownAt: '2011-04-27' });
    const known = q.getItem(source, hrItem, { asOf: '2011-04-27' });
    expect(saw.knownAt).toBe('2011-04-27T23:59:59.999Z');
    expect(saw.item.rag).toBe('RED');
    expect(known.knownAt).toBe('2011-06-01T12:00:00.000Z');
    expect(known.item.rag).toBe('AMBER');
  });

  it('defaults both axes to now', () => {
    const plan = q.getPlan(source, plans.hr);
    expect([plan.asOf, plan.knownAt]).toEqual(['2011-06-01', '2011-06-01T12:00:00.000Z']);
    expect(plan.items.map((i) => i.item.rag)).toEqual(['AMBER']);
  });

  it('returns results that satisfy their published schemas', () => {
    const at = { asOf: '2011-04-27', knownAt: '2011-04-27' };
    expect(q.ListPlansResult.safeParse(q.listPlans(source, at)).success).toBe(true);
    expect(q.GetPlansResult.safeParse(q.getPlans(source, at)).success).toBe(true);
    expect(q.GetPlanResult.safeParse(q.getPlan(source, plans.tp, at)).success).toBe(true);
    expect(q.GetItemResult.safeParse(q.getItem(source, hrItem, at)).success).toBe(true);
    expect(q.ItemHistoryResult.safeParse(q.itemHistory(source, hrItem)).success).toBe(true);
    expect(q.BoardSummaryResult.safeParse(q.boardSummary(source, at)).success).toBe(true);
    const changes = q.changesBetween(source, { from: '2011-04-27', to: '2011-06-01' });
    expect(q.ChangesBetweenResult.safeParse(changes).success).toBe(true);
    expect(q.OverdueResult.safeParse(q.overdue(source, { on: '2011-07-01', dueSoonDays: '7' })).success).toBe(
      true,
    );
    const rag = q.ragOverTime(source, { from: '2011-03-01', to: '2011-05-01', step: 'month' });
    expect(q.RagOverTimeResult.safeParse(rag).success).toBe(true);
    expect(q.BoardReportsResult.safeParse(q.boardReports(source, at)).success).toBe(true);
  });

  it('lists plans with what each answers for, shares and lost', () => {
    const list = q.listPlans(source, { asOf: '2011-04-27', knownAt: '2011-04-27' });
    const ps = list.plans.find((p) => p.planId === plans.ps);
    expect([ps?.plan?.portfolio, ps?.lead, ps?.shared, ps?.transferredOut]).toEqual([
      'Protective Services',
      7,
      0,
      3,
    ]);
  });

  it('lists the board reports presented by a date', () => {
    expect(q.boardReports(source, { asOf: '2011-04-26' }).reports).toEqual([]);
    expect(q.boardReports(source, { asOf: '2011-04-27' }).reports.map((r) => r.boardDate)).toEqual([
      '2011-04-27',
    ]);
  });

  it('rejects unknown or malformed parameters with a ValidationError naming the field', () => {
    expect(() => q.boardSummary(source, { asof: '2011-04-27' })).toThrow(ValidationError);
    try {
      q.changesBetween(source, { from: '2011-05-01', to: '2011-04-01' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(error instanceof ValidationError && error.issues[0]?.path).toBe('from');
    }
    expect(() => q.getItem(source, hrItem, { knownAt: '27/04/2011' })).toThrow(ValidationError);
  });

  it('answers NotFoundError for an unknown plan or item, and for an item not yet received', () => {
    expect(() => q.getPlan(source, ids.item(999))).toThrow(NotFoundError);
    expect(() => q.getItem(source, ids.item(999))).toThrow(NotFoundError);
    expect(() => q.getItem(source, hrItem, { asOf: '2011-01-01' })).toThrow(NotFoundError);
  });
});
