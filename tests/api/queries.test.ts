import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

describe('query GETs over the two time axes', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let ratedAt: string;

  beforeAll(async () => {
    // Given an item rated AMBER effective 2011-02-01, then re-rated GREEN effective 2011-04-01
    ledger = await testLedger();
    ids = await seed(ledger);
    const amber = await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/rag`, {
      to: 'AMBER',
      effectiveOn: '2011-02-01',
    });
    const events = json(amber).events;
    ratedAt =
      Array.isArray(events) && events[0] && typeof events[0] === 'object' && 'recordedAt' in events[0]
        ? String(events[0].recordedAt)
        : '';
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/rag`, {
      to: 'GREEN',
      effectiveOn: '2011-04-01',
    });
  });
  afterAll(() => ledger.close());

  const item = async (query: string) => {
    const response = await ledger.app.inject({
      url: `/items/${ids.tpItemId}${query}`,
      headers: bearer(ledger.tokens.viewer),
    });
    return { status: response.statusCode, body: json(response) };
  };

  it('reads the current state by default', async () => {
    const { status, body } = await item('');
    expect(status).toBe(200);
    expect(body.item).toMatchObject({ rag: 'GREEN' });
  });

  it('reads business time with asOf', async () => {
    expect((await item('?asOf=2011-03-01')).body.item).toMatchObject({ rag: 'AMBER' });
    expect((await item('?asOf=2011-01-15')).body.item).toMatchObject({ rag: null });
  });

  it('reads record time with knownAt: before the second rating was recorded, it was still AMBER', async () => {
    const { body } = await item(`?knownAt=${encodeURIComponent(ratedAt)}`);
    expect(body.item).toMatchObject({ rag: 'AMBER' });
  });

  it('404s an item that did not exist yet at asOf, as a problem document', async () => {
    const { status, body } = await item('?asOf=2010-01-01');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'NotFoundError', id: ids.tpItemId });
  });

  it('shows the board summary and the history with actors', async () => {
    const summary = await ledger.app.inject({
      url: '/board-summary?asOf=2011-03-01',
      headers: bearer(ledger.tokens.viewer),
    });
    expect(summary.statusCode).toBe(200);
    expect(json(summary).overall).toMatchObject({ areasForImprovement: { total: 1, amber: 1, green: 0 } });
    const history = await ledger.app.inject({
      url: `/items/${ids.tpItemId}/history`,
      headers: bearer(ledger.tokens.viewer),
    });
    const entries = json(history).entries;
    expect(
      Array.isArray(entries)
        ? entries.map((e) => (e && typeof e === 'object' && 'type' in e ? e.type : null))
        : [],
    ).toEqual(['RecommendationReceived', 'RagChanged', 'RagChanged']);
  });

  it('answers the board summary as counts by default, with every list on items=all, and a cell a page at a time', async () => {
    const get = async (url: string) => {
      const response = await ledger.app.inject({ url, headers: bearer(ledger.tokens.viewer) });
      return { status: response.statusCode, text: response.body, body: json(response) };
    };
    const counts = await get('/board-summary?asOf=2011-03-01');
    expect(counts.text).not.toContain('"items"');
    expect(counts.body.overall).toMatchObject({ areasForImprovement: { total: 1, amber: 1 } });
    const full = await get('/board-summary?asOf=2011-03-01&items=all');
    expect(full.body.overall).toMatchObject({
      areasForImprovement: { total: 1, items: { amber: [{ itemId: ids.tpItemId }] } },
    });
    const page = await get(
      `/board-summary/items?asOf=2011-03-01&planId=${ids.tpPlanId}&row=areasForImprovement&column=amber&limit=10`,
    );
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 1, offset: 0, limit: 10, items: [{ itemId: ids.tpItemId }] });
    const noRow = await get('/board-summary/items?column=amber');
    expect(noRow.status).toBe(400);
    expect(noRow.text).toContain('row');
  });

  it('answers every inspection as one line of totals by default, and an inspection as portfolio rows, at now (kept on apply) and at a past point', async () => {
    const get = async (url: string) => {
      const response = await ledger.app.inject({ url, headers: bearer(ledger.tokens.viewer) });
      return { status: response.statusCode, text: response.body, body: json(response) };
    };
    // Given the TP item GREEN now and AMBER on 2011-03-01, the PS item unrated
    const now = await get('/board-summary');
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      columns: [
        'total',
        'completed',
        'green',
        'amber',
        'red',
        'ofWhichNotApplicable',
        'ofWhichTransferredIn',
        'awaitingRag',
      ],
      inspections: [{ inspectionId: ids.inspectionId }],
    });
    expect(now.text).not.toContain('"portfolios"');
    const line = (body: Record<string, unknown>) =>
      Array.isArray(body.inspections) ? (body.inspections[0] as Record<string, unknown>) : {};
    // AFIs: total 1, green 1; the PS item awaits a RAG (not in total)
    expect(line(now.body).areasForImprovement).toEqual([1, 0, 1, 0, 0, 0, 0, 1]);
    const past = await get('/board-summary?asOf=2011-03-01');
    expect(line(past.body).areasForImprovement).toEqual([1, 0, 0, 1, 0, 0, 0, 1]);

    const one = await get(`/board-summary?inspectionId=${ids.inspectionId}`);
    expect(one.body.portfolios).toEqual([
      expect.objectContaining({
        planId: ids.tpPlanId,
        areasForImprovement: expect.objectContaining({ green: 1 }),
      }),
      expect.objectContaining({
        planId: ids.psPlanId,
        areasForImprovement: expect.objectContaining({ awaitingRag: 1 }),
      }),
    ]);
    const onePast = await get(`/board-summary?inspectionId=${ids.inspectionId}&asOf=2011-03-01`);
    expect(onePast.body.overall).toMatchObject({ areasForImprovement: { total: 1, amber: 1, green: 0 } });
    // Per portfolio for every inspection on request; the same numbers as the full summary's
    const every = await get('/board-summary?by=portfolio');
    const full = await get('/board-summary?items=all');
    expect(Array.isArray(every.body.portfolios) ? every.body.portfolios.length : 0).toBe(2);
    expect(every.body.overall).toMatchObject({ areasForImprovement: { total: 1, green: 1, awaitingRag: 1 } });
    expect(full.body.overall).toMatchObject({ areasForImprovement: { total: 1, green: 1, awaitingRag: 1 } });

    // When the item is re-rated, the next read shows it (no rebuild: the counts follow the appends)
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/rag`, { to: 'RED' });
    expect(line((await get('/board-summary')).body).areasForImprovement).toEqual([1, 0, 0, 0, 1, 0, 0, 1]);
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/rag`, { to: 'GREEN' });

    const refused = await get('/board-summary?items=all&by=inspection');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('query.by');
  });
});
