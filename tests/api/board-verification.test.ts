import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

const Verification = z.object({
  storedDigest: z.string().nullable(),
  recomputedDigest: z.string(),
  matches: z.boolean().nullable(),
});

describe('board reports freeze what the board saw', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
  });
  afterAll(async () => ledger.close());

  const verification = async (boardId: string, revision: number) => {
    const res = await ledger.app.inject({
      method: 'GET',
      url: `/boards/${boardId}/reports/${revision}/verification`,
      headers: bearer(ledger.tokens.viewer),
    });
    expect(res.statusCode).toBe(200);
    return Verification.parse(res.json());
  };

  it('given a report presented without a digest, the server records one, and recomputing it later matches', async () => {
    const res = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Performance Review Group',
      boardDate: '2011-04-27',
      planIds: [ids.tpPlanId, ids.psPlanId],
    });
    expect(res.statusCode).toBe(201);
    const boardId = z.string().parse(json(res).id);
    const first = await verification(boardId, 0);
    expect(first.storedDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(first.matches).toBe(true);

    // when a fact about a date before the board is recorded afterwards
    const late = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Back-dated: this was true before the board but only reported after it',
      effectiveOn: '2011-04-20',
    });
    expect(late.statusCode).toBe(201);

    // then what the board saw is unchanged, though what we now know about that date differs
    const after = await verification(boardId, 0);
    expect(after.matches).toBe(true);
    expect(after.recomputedDigest).toBe(first.storedDigest);
    const known = await ledger.app.inject({
      method: 'GET',
      url: `/plans/${ids.tpPlanId}?asOf=2011-04-27`,
      headers: bearer(ledger.tokens.viewer),
    });
    expect(known.body).toContain('Back-dated');
  });

  it('given a report whose caller-supplied digest does not describe the ledger, verification says it does not match', async () => {
    const res = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Performance Review Group',
      boardDate: '2011-05-25',
      planIds: [ids.tpPlanId],
      snapshotDigest: 'b'.repeat(64),
    });
    expect(res.statusCode).toBe(201);
    const result = await verification(z.string().parse(json(res).id), 0);
    expect(result.storedDigest).toBe('b'.repeat(64));
    expect(result.matches).toBe(false);
  });

  it('given an unknown report revision, the answer is a 404 problem', async () => {
    const res = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'PRG',
      boardDate: '2011-04-27',
      planIds: [ids.tpPlanId],
    });
    const missing = await ledger.app.inject({
      method: 'GET',
      url: `/boards/${z.string().parse(json(res).id)}/reports/7/verification`,
      headers: bearer(ledger.tokens.viewer),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });
});
