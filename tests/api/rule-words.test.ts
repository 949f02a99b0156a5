import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReadable } from '../domain/decider-spec.js';
import { json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/**
 * The API's refusals through the one catalogue: the stable code and rule for machines, the ids and
 * ISO dates in `facts`, and a `detail` a person can read (no ids, dates in words).
 */
describe('a refused command over HTTP', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  it('given an item received on 3 November 2010, when an update is dated 24 April 2009, then 422 RuleViolation: words for people, ids and dates for machines', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Training delivered.',
      effectiveOn: '2009-04-24',
    });
    expect(response.statusCode).toBe(422);
    const problem = json(response);
    expect(problem).toMatchObject({
      code: 'RuleViolation',
      rule: 'item.effective_before_received',
      facts: { itemId: ids.tpItemId, effectiveOn: '2009-04-24', receivedOn: '2010-11-03' },
      errors: [{ path: 'body.effectiveOn' }],
    });
    expect(problem.detail).toBe('24 April 2009 is before item AFI.1 was received (3 November 2010)');
    expectReadable(String(problem.detail));
  });

  it('given an open item, when it is reopened, then the detail names the item by its ref, not its id', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.psItemId}/reopen`, {
      reason: 'not closed',
    });
    expect(response.statusCode).toBe(422);
    const problem = json(response);
    expect(problem).toMatchObject({
      code: 'RuleViolation',
      rule: 'item.not_closed',
      facts: { itemId: ids.psItemId },
    });
    expectReadable(String(problem.detail));
    expect(problem.detail).toMatch(/^item \S+ is open: nothing to reopen$/);
  });
});
