import { afterEach, describe, expect, it } from 'vitest';
import { bearer, type TestLedger, testLedger } from './factories.js';

describe('secure headers and rate limiting', () => {
  let ledger: TestLedger | undefined;
  afterEach(async () => ledger?.close());

  it('sends helmet headers on API answers', async () => {
    ledger = await testLedger();
    const response = await ledger.app.inject({ url: '/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeDefined();
    expect(response.headers['content-security-policy']).toBeDefined();
  });

  it('limits requests per key, answering 429 as a problem document', async () => {
    // Given a limit of 3 requests a minute
    ledger = await testLedger({ rateLimitPerMinute: 3 });
    const get = (token: string) => ledger!.app.inject({ url: '/events', headers: bearer(token) });
    // When one key sends 4 requests
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(ledger.tokens.viewer)).statusCode);
    // Then the fourth is refused, as a problem document
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await get(ledger.tokens.viewer);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'RateLimited' });
    // And another key is not starved by it
    expect((await get(ledger.tokens.manager)).statusCode).toBe(200);
  });

  it('never counts /health against the limit: health checks poll it all day', async () => {
    // Given a limit of 3 requests a minute
    ledger = await testLedger({ rateLimitPerMinute: 3 });
    // When a health check polls ten times from one address
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await ledger.app.inject({ url: '/health' })).statusCode);
    // Then every poll is answered
    expect(statuses).toEqual(Array(10).fill(200));
  });

  it('never leaks internals in a 500', async () => {
    ledger = await testLedger();
    // Closing the store under the app makes the next read fail unexpectedly
    await ledger.store.close();
    const response = await ledger.app.inject({ url: '/events', headers: bearer(ledger.tokens.viewer) });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'InternalError' });
    expect(response.body).not.toMatch(/sqlite|database|\.ts|at /i);
  });
});
