import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** A jointly allocated item's listings, through the API: each plan shows its own owner and due date. */
describe('a sharing plan states its own owner, due date and response', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    const shared = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/joint-allocation`, {
      withPlanIds: [ids.psPlanId],
      leadPlanId: ids.tpPlanId,
      effectiveOn: '2011-01-10',
    });
    expect(shared.statusCode).toBe(201);
  });
  afterAll(() => ledger.close());

  const planRow = async (planId: string) => {
    const response = await ledger.app.inject({
      method: 'GET',
      url: `/plans/${planId}?asOf=2011-05-01`,
      headers: bearer(ledger.tokens.viewer),
    });
    expect(response.statusCode).toBe(200);
    const items = json(response).items as { item: Record<string, unknown> }[];
    return items.find((i) => i.item.itemId === ids.tpItemId)?.item;
  };

  it('given owners, a due date and a response posted for the PS listing, then PS shows them and TP keeps the item’s', async () => {
    const m = ledger.tokens.manager;
    const url = (what: string) => `/items/${ids.tpItemId}/${what}`;
    const listing = { listingPlanId: ids.psPlanId, effectiveOn: '2011-02-01' };
    expect(
      (await post(ledger.app, m, url('owners'), { ...listing, strategicLead: null, actionOwner: 'ACC PS' }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await post(ledger.app, m, url('due-date'), {
          ...listing,
          dueDate: '2011-07-31',
          reason: 'As PS lists it',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await post(ledger.app, m, url('response'), { ...listing, response: 'PS will model demand.' }))
        .statusCode,
    ).toBe(201);
    expect(await planRow(ids.psPlanId)).toMatchObject({
      actionOwner: 'ACC PS',
      dueDate: '2011-07-31',
      initialResponse: 'PS will model demand.',
    });
    expect(await planRow(ids.tpPlanId)).toMatchObject({
      actionOwner: null,
      dueDate: '2011-06-30',
      initialResponse: null,
    });
  });

  it('given a listing plan that does not share the item, then 422 names body.listingPlanId', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.psItemId}/owners`, {
      listingPlanId: ids.tpPlanId,
      strategicLead: null,
      actionOwner: 'Someone',
      effectiveOn: '2011-02-01',
    });
    expect(response.statusCode).toBe(422);
    expect(JSON.stringify(json(response))).toContain('body.listingPlanId');
  });
});
