import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache.js';
import { bearer, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

describe('serialized answers kept per (query, time point, log position)', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  const cache = new AnswerCache();

  beforeAll(async () => {
    ledger = await testLedger({ answerCache: cache });
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  const get = async (url: string, token = ledger.tokens.viewer) => {
    const response = await ledger.app.inject({ url, headers: bearer(token) });
    return { status: response.statusCode, text: response.body, type: response.headers['content-type'] };
  };

  it('given the same plan asked twice at now, the second answer is the first one’s bytes with its own time point', async () => {
    const first = await get(`/plans/${ids.tpPlanId}`);
    const hits = cache.hits;
    const second = await get(`/plans/${ids.tpPlanId}`);
    expect(cache.hits).toBe(hits + 1);
    expect(second.status).toBe(200);
    expect(second.type).toMatch(/^application\/json/);
    const strip = (text: string) => ({ ...JSON.parse(text), knownAt: null });
    expect(strip(second.text)).toEqual(strip(first.text));
    expect(JSON.parse(second.text).knownAt >= JSON.parse(first.text).knownAt).toBe(true);
  });

  it('when an event is appended, the next answer is computed afresh and shows it', async () => {
    await get(`/board-summary?inspectionId=${ids.inspectionId}`);
    const hits = cache.hits;
    expect(
      JSON.parse((await get(`/board-summary?inspectionId=${ids.inspectionId}`)).text).overall,
    ).toMatchObject({
      areasForImprovement: { amber: 0 },
    });
    expect(cache.hits).toBe(hits + 1);
    await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/rag`, { to: 'AMBER' });
    const after = await get(`/board-summary?inspectionId=${ids.inspectionId}`);
    expect(cache.hits).toBe(hits + 1);
    expect(JSON.parse(after.text).overall).toMatchObject({ areasForImprovement: { amber: 1 } });
  });

  it('keeps a past knownAt apart from now, and a cached route still refuses a bad key', async () => {
    const now = await get(`/plans/${ids.tpPlanId}`);
    const before = await get(`/plans/${ids.tpPlanId}?knownAt=2011-01-01`);
    expect(before.status).toBe(404);
    expect(now.status).toBe(200);
    const refused = await get(`/plans/${ids.tpPlanId}`, 'plk_nope_nope');
    expect(refused.status).toBe(401);
    const page = await get(
      `/board-summary/items?planId=${ids.tpPlanId}&row=areasForImprovement&column=amber`,
    );
    const again = await get(
      `/board-summary/items?planId=${ids.tpPlanId}&row=areasForImprovement&column=amber`,
    );
    expect(JSON.parse(again.text).items).toEqual(JSON.parse(page.text).items);
  });

  it('drops the least recently used answers beyond its bounds, and admits a newcomer to a full cache only if asked more often than the entry it would push out', () => {
    const small = new AnswerCache({ entries: 2, bytes: 1000 });
    const index = {};
    const text = (body: string | undefined) => body;
    small.set(index, 'a', 1, '{"a":1}');
    small.set(index, 'b', 1, '{"b":1}');
    small.get(index, 'a', 1);
    small.set(index, 'c', 1, '{"c":1}');
    expect(text(small.get(index, 'c', 1))).toBeUndefined();
    // Asked once now, more than b (never asked): it takes b's place.
    small.set(index, 'c', 1, '{"c":1}');
    expect(text(small.get(index, 'c', 1))).toBe('{"c":1}');
    expect(small.get(index, 'b', 1)).toBeUndefined();
    expect(text(small.get(index, 'a', 1))).toBe('{"a":1}');
  });

  it('given more answers asked in turn than fit, keeps the ones it holds instead of churning', () => {
    const small = new AnswerCache({ entries: 4, bytes: 10_000 });
    const index = {};
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
    let hits = 0;
    for (let cycle = 0; cycle < 5; cycle++)
      for (const key of keys) {
        if (small.get(index, key, 1) === undefined) small.set(index, key, 1, key);
        else hits++;
      }
    // Plain LRU would hit nothing here; half the keys stay kept from the second cycle on.
    expect(hits).toBe(4 * 4);
  });

  it('never serves an answer kept at another version, and forgets everything when the index is swapped', () => {
    const small = new AnswerCache({ entries: 10, bytes: 1000 });
    const index = {};
    small.set(index, 'd', 1, '{"d":1}');
    expect(small.get(index, 'd', 2)).toBeUndefined();
    expect(small.get(index, 'd', 1)).toBeUndefined();
    small.set(index, 'e', 1, '{"e":1}');
    expect(small.get({}, 'e', 1)).toBeUndefined();
    expect(small.size).toBe(0);
  });

  it('keeps no answer over a quarter of its bytes, and counts what it holds', () => {
    const small = new AnswerCache({ entries: 10, bytes: 100 });
    const index = {};
    small.set(index, 'big', 1, 'x'.repeat(30));
    expect(small.get(index, 'big', 1)).toBeUndefined();
    small.set(index, 'ok', 1, 'x'.repeat(20));
    expect(small.size).toBe(22);
    expect(small.get(index, 'ok', 1)?.length).toBe(20);
  });
});
