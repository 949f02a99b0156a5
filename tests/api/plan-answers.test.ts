import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache.js';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/**
 * A plan's answer is kept until an event on the plan or one of its items: each case first has
 * the answer served from the cache, then writes, then reads again.
 */
describe('plan answers kept per plan version', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let cache: AnswerCache;

  beforeEach(async () => {
    cache = new AnswerCache();
    ledger = await testLedger({ answerCache: cache });
    ids = await seed(ledger);
    return () => ledger.close();
  });

  const read = async (url: string) => {
    const response = await ledger.app.inject({ url, headers: bearer(ledger.tokens.viewer) });
    expect(response.statusCode).toBe(200);
    return { text: response.body, body: json(response) };
  };
  /** The answer at `url`, asked twice: the second from the cache (so the first was kept). */
  const cached = async (url: string) => {
    await read(url);
    const hits = cache.hits;
    const answer = await read(url);
    expect(cache.hits).toBe(hits + 1);
    return answer;
  };
  /** The answer at `url` after a write, which must not come from the cache. */
  const fresh = async (url: string) => {
    const hits = cache.hits;
    const answer = await read(url);
    expect(cache.hits).toBe(hits);
    return answer;
  };
  const write = async (url: string, payload: unknown, token = ledger.tokens.manager) => {
    const response = await post(ledger.app, token, url, payload);
    expect(response.statusCode, response.body).toBe(201);
    return json(response);
  };
  const items = (body: Record<string, unknown>) => {
    const list = body.items;
    if (!Array.isArray(list)) throw new Error('no items');
    return list.map((entry: { role: string; transferredIn: boolean; item: Record<string, unknown> }) => ({
      ref: entry.item.ref,
      role: entry.role,
      transferredIn: entry.transferredIn,
      latestUpdate: entry.item.latestUpdate,
    }));
  };
  const plan = (planId: string, query = '') => `/plans/${planId}${query}`;

  it('given a kept plan, when one of its items gets an update, then the next answer shows it', async () => {
    expect(items((await cached(plan(ids.tpPlanId))).body)).toMatchObject([
      { ref: 'AFI.1', latestUpdate: null },
    ]);
    await write(`/items/${ids.tpItemId}/updates`, { text: 'Work started', effectiveOn: '2011-05-20' });
    expect(items((await fresh(plan(ids.tpPlanId))).body)).toMatchObject([
      { ref: 'AFI.1', latestUpdate: { text: 'Work started', effectiveOn: '2011-05-20' } },
    ]);
  });

  it('given a kept plan, when another plan’s item is written, then the plan is still served from the cache, unchanged', async () => {
    const before = await cached(plan(ids.tpPlanId));
    await write(`/items/${ids.psItemId}/updates`, { text: 'Elsewhere', effectiveOn: '2011-05-20' });
    await write(`/plans/${ids.psPlanId}/owners`, { planOwner: 'Supt Grey' });
    const hits = cache.hits;
    const after = await read(plan(ids.tpPlanId));
    expect(cache.hits).toBe(hits + 1);
    expect({ ...after.body, knownAt: null }).toEqual({ ...before.body, knownAt: null });
    expect(items((await fresh(plan(ids.psPlanId))).body)).toMatchObject([
      { ref: 'AFI.2', latestUpdate: { text: 'Elsewhere' } },
    ]);
  });

  it('given both plans kept, when an item is transferred between portfolios, then each plan’s next answer shows the move', async () => {
    await cached(plan(ids.tpPlanId));
    await cached(plan(ids.psPlanId));
    await write(`/items/${ids.tpItemId}/transfer`, { toPlanId: ids.psPlanId, effectiveOn: '2011-05-10' });
    expect(items((await fresh(plan(ids.tpPlanId))).body)).toMatchObject([
      { ref: 'AFI.1', role: 'transferred-out' },
    ]);
    expect(items((await fresh(plan(ids.psPlanId))).body)).toMatchObject([
      { ref: 'AFI.1', role: 'lead', transferredIn: true },
      { ref: 'AFI.2', role: 'lead', transferredIn: false },
    ]);
  });

  it('given a kept plan, when an item of another plan is jointly allocated to it, then its next answer lists the item', async () => {
    expect(items((await cached(plan(ids.tpPlanId))).body)).toHaveLength(1);
    await write(`/items/${ids.psItemId}/joint-allocation`, {
      withPlanIds: [ids.tpPlanId],
      leadPlanId: ids.psPlanId,
      effectiveOn: '2011-05-10',
    });
    expect(items((await fresh(plan(ids.tpPlanId))).body)).toMatchObject([
      { ref: 'AFI.1', role: 'lead' },
      { ref: 'AFI.2', role: 'shared' },
    ]);
  });

  it('given a kept plan, when an update of its item is corrected, then the next answer shows the corrected text', async () => {
    const posted = await write(`/items/${ids.tpItemId}/updates`, {
      text: 'Wrok started',
      effectiveOn: '2011-05-20',
    });
    const events = posted.events;
    if (!Array.isArray(events)) throw new Error('no events');
    expect(items((await cached(plan(ids.tpPlanId))).body)).toMatchObject([
      { latestUpdate: { text: 'Wrok started' } },
    ]);
    await write(
      `/streams/item-${ids.tpItemId}/corrections`,
      {
        correctsEventId: events[0].eventId,
        fields: { text: 'Work started' },
        reason: 'Typing error',
      },
      ledger.tokens.admin,
    );
    expect(items((await fresh(plan(ids.tpPlanId))).body)).toMatchObject([
      { latestUpdate: { text: 'Work started', effectiveOn: '2011-05-20' } },
    ]);
  });

  it('given a plan kept at a past date, when a fact dated before it is recorded, then the answer at that date shows it', async () => {
    const past = plan(ids.tpPlanId, '?asOf=2011-02-01');
    expect(items((await cached(past)).body)).toMatchObject([{ latestUpdate: null }]);
    await write(`/items/${ids.tpItemId}/updates`, { text: 'Back-dated', effectiveOn: '2011-01-15' });
    expect(items((await fresh(past)).body)).toMatchObject([
      { latestUpdate: { text: 'Back-dated', effectiveOn: '2011-01-15' } },
    ]);
  });

  it('given a kept plan, when its owner changes, then the next answer names the new owner', async () => {
    expect((await cached(plan(ids.tpPlanId))).body.plan).toMatchObject({ planOwner: null });
    await write(`/plans/${ids.tpPlanId}/owners`, { planOwner: 'Ch Supt Black' });
    expect((await fresh(plan(ids.tpPlanId))).body.plan).toMatchObject({ planOwner: 'Ch Supt Black' });
  });

  it('given a plan kept as known at the latest instant, a later write leaves the answer at that instant as it was, and now shows it', async () => {
    const first = await write(`/items/${ids.tpItemId}/updates`, { text: 'First', effectiveOn: '2011-05-20' });
    const events = first.events;
    if (!Array.isArray(events)) throw new Error('no events');
    const known = plan(ids.tpPlanId, `?knownAt=${events[0].recordedAt}`);
    const before = await cached(known);
    await write(`/items/${ids.tpItemId}/updates`, { text: 'Later', effectiveOn: '2011-05-21' });
    const after = await fresh(known);
    expect(after.body).toEqual(before.body);
    expect(items(after.body)).toMatchObject([{ latestUpdate: { text: 'First' } }]);
    expect(items((await fresh(plan(ids.tpPlanId))).body)).toMatchObject([
      { latestUpdate: { text: 'Later' } },
    ]);
  });
});
