import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, type Seeded, seed, type TestLedger, testLedger } from './factories.js';
import { commandCases } from './malformed-command-cases.js';
import { updateCases } from './malformed-update-cases.js';

const CASES = [...updateCases, ...commandCases];

describe('malformed requests: 4xx, the field named, nothing appended', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let head: number;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    head = await ledger.store.headPosition();
  });
  afterAll(() => ledger.close());

  it('has at least 30 distinct cases', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, bad) => {
    // Given a seeded ledger at a known head
    const body = typeof bad.body === 'function' ? bad.body(ids) : bad.body;
    // When the malformed request is sent by an admin (so only the input can be at fault)
    const response = await ledger.app.inject({
      method: bad.method ?? 'POST',
      url: bad.url(ids),
      headers: {
        ...bearer(ledger.tokens.admin),
        ...(bad.method === 'GET' ? {} : { 'content-type': 'application/json' }),
        ...bad.headers,
      },
      ...(bad.method === 'GET' ? {} : { payload: bad.raw ?? JSON.stringify(body) }),
    });
    // Then it is refused with a problem document naming the field
    expect(response.statusCode, response.body).toBe(bad.status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = json(response);
    expect(problem.status).toBe(bad.status);
    expect(typeof problem.detail).toBe('string');
    expect(response.body).not.toMatch(/node_modules|\/src\/|at .*\.ts:\d+/);
    if (bad.field.includes('.') || bad.field === 'body') {
      const errors = Array.isArray(problem.errors) ? problem.errors : [];
      const paths = errors.map((e) => (e && typeof e === 'object' && 'path' in e ? String(e.path) : ''));
      expect(paths, response.body).toContain(bad.field);
    } else {
      expect(problem, response.body).toHaveProperty(bad.field);
    }
    // And the ledger did not move
    expect(await ledger.store.headPosition()).toBe(head);
  });
});
