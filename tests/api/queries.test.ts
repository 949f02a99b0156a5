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
});
