import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

const Report = z.object({
  boardId: z.string(),
  boardName: z.string(),
  boardDate: z.string(),
  revision: z.number(),
  asOf: z.string(),
  knownAt: z.string(),
  snapshotDigest: z.string().nullable(),
});

/** A store clock the test moves by hand, one millisecond per event within a moment. */
function wallClock(start: string) {
  let at = Date.parse(start);
  return {
    set: (instant: string) => {
      at = Date.parse(instant);
    },
    read: () => new Date(at++),
  };
}

describe('reportedOn: what the board was shown, not what was recorded by the end of the day', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  const clock = wallClock('2011-04-26T09:00:00.000Z');
  let boardId: string;

  const get = (url: string) =>
    ledger.app.inject({ method: 'GET', url, headers: bearer(ledger.tokens.viewer) });

  beforeAll(async () => {
    ledger = await testLedger({ storeClock: clock.read });
    ids = await seed(ledger);
    // given a report presented to the board at 10:00 on 27 April
    clock.set('2011-04-27T10:00:00.000Z');
    const res = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Performance Review Group',
      boardDate: '2011-04-27',
      planIds: [ids.tpPlanId, ids.psPlanId],
    });
    expect(res.statusCode).toBe(201);
    boardId = z.string().parse(json(res).id);
    // and, at 15:00 the same afternoon, an update effective a week before the meeting
    clock.set('2011-04-27T15:00:00.000Z');
    const late = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Typed in after the meeting',
      effectiveOn: '2011-04-20',
    });
    expect(late.statusCode).toBe(201);
  });
  afterAll(async () => ledger.close());

  it('given the same-afternoon change, reportedOn=D does not show it; as known now does', async () => {
    const shown = await get(`/plans/${ids.tpPlanId}?reportedOn=2011-04-27`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).not.toContain('Typed in after the meeting');
    const report = Report.parse(json(shown).report);
    expect(report).toMatchObject({ boardId, boardName: 'Performance Review Group', boardDate: '2011-04-27' });
    expect(report.asOf).toBe('2011-04-27');
    expect(report.knownAt < '2011-04-27T15:00:00.000Z').toBe(true);
    // The snapshot holds everything recorded before the report: the seeding of the day before.
    expect(report.knownAt >= '2011-04-26T09:00:00.000Z').toBe(true);
    expect(json(shown).knownAt).toBe(report.knownAt);

    const known = await get(`/plans/${ids.tpPlanId}?asOf=2011-04-27`);
    expect(known.body).toContain('Typed in after the meeting');
    // The end-of-day reading, which is what "the board saw" meant before reports were used, leaks it.
    const endOfDay = await get(`/plans/${ids.tpPlanId}?asOf=2011-04-27&knownAt=2011-04-27`);
    expect(endOfDay.body).toContain('Typed in after the meeting');
  });

  it('given reportedOn after the board date, the latest report on or before it answers', async () => {
    const later = await get(`/snapshot?reportedOn=2011-05-20`);
    expect(later.statusCode).toBe(200);
    expect(Report.parse(json(later).report).boardDate).toBe('2011-04-27');
    expect(later.body).not.toContain('Typed in after the meeting');
  });

  it('answers the board summary, changes and overdue reads with the report they show', async () => {
    const summary = await get('/board-summary?reportedOn=2011-04-27');
    expect(summary.statusCode).toBe(200);
    expect(Report.parse(json(summary).report).boardId).toBe(boardId);
    const changes = await get('/changes?reportedOn=2011-04-27');
    expect(changes.statusCode).toBe(200);
    expect(changes.body).not.toContain('Typed in after the meeting');
    expect(json(changes).to).toBe('2011-04-27');
    const overdue = await get('/overdue?reportedOn=2011-04-27');
    expect(overdue.statusCode).toBe(200);
    expect(json(overdue).on).toBe('2011-04-27');
  });

  it('given no report on or before the date, a 404 problem names the earliest report', async () => {
    const none = await get(`/board-summary?reportedOn=2011-04-01`);
    expect(none.statusCode).toBe(404);
    expect(none.headers['content-type']).toMatch(/problem\+json/);
    expect(none.body).toContain('no board report was presented on or before 2011-04-01');
    expect(none.body).toContain('Performance Review Group on 2011-04-27');
    const plan = await get(`/plans/${ids.tpPlanId}?reportedOn=2011-03-01`);
    expect(plan.statusCode).toBe(404);
  });

  it('given reportedOn with asOf, the request is refused naming reportedOn', async () => {
    const both = await get(`/snapshot?reportedOn=2011-04-27&asOf=2011-04-27`);
    expect(both.statusCode).toBe(400);
    expect(both.body).toContain('reportedOn');
  });

  it("given the report's verification, the digest recorded at its time point still matches", async () => {
    const res = await get(`/boards/${boardId}/reports/0/verification`);
    expect(res.statusCode).toBe(200);
    expect(json(res).matches).toBe(true);
  });
});
