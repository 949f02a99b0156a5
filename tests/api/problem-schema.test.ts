import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../src/api/problem-schema.js';
import { bearer, json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** Parses an error answer with the documented schema; fails naming what does not match. */
function documented(response: LightMyRequestResponse): Problem {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const parsed = Problem.safeParse(response.json());
  if (!parsed.success) throw new Error(`not a documented problem: ${parsed.error.message}\n${response.body}`);
  expect(parsed.data.status).toBe(response.statusCode);
  return parsed.data;
}

/**
 * The error answers clients actually get follow the Problem schema the OpenAPI document
 * publishes: one shape, typed members, for every kind of error of the catalogue.
 */
describe('error answers and their documented schema', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  it('given the OpenAPI document, then Problem is a component with facts, and every operation answers errors with it', async () => {
    const doc = json(await ledger.app.inject({ url: '/openapi.json' }));
    const text = JSON.stringify(doc);
    const schemas = JSON.parse(text).components.schemas;
    expect(Object.keys(schemas.Problem.properties)).toEqual(
      expect.arrayContaining([
        'type',
        'status',
        'detail',
        'code',
        'errors',
        'rule',
        'facts',
        'currentRevision',
      ]),
    );
    expect(schemas.Problem.properties.code.enum).toContain('RuleViolation');
    const operations = Object.values(
      JSON.parse(text).paths as Record<string, Record<string, unknown>>,
    ).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThan(20);
    const without = operations.filter(
      (op) =>
        JSON.stringify(op).includes('"default":{') === false ||
        !JSON.stringify(op).includes('#/components/schemas/Problem'),
    );
    expect(without).toEqual([]);
  });

  it('given a broken rule, then the 422 parses with rule and facts typed', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Training delivered.',
      effectiveOn: '2009-04-24',
    });
    const problem = documented(response);
    expect(problem).toMatchObject({
      code: 'RuleViolation',
      status: 422,
      facts: { effectiveOn: '2009-04-24' },
    });
  });

  it('given a bad field, then the 400 parses with its errors', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'x',
      effectiveOn: '24/04/2009',
    });
    const problem = documented(response);
    expect(problem.code).toBe('ValidationError');
    expect(problem.errors?.map((e) => e.path)).toContain('body.effectiveOn');
  });

  it('given a stale If-Match, then the 409 parses with the current revision', async () => {
    const moved = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'First writer',
      effectiveOn: '2011-03-01',
    });
    expect(moved.statusCode).toBe(201);
    const response = await post(
      ledger.app,
      ledger.tokens.manager,
      `/items/${ids.tpItemId}/updates`,
      { text: 'Late writer', effectiveOn: '2011-03-02' },
      { 'if-match': '"0"' },
    );
    const problem = documented(response);
    expect(problem.code).toBe('ConcurrencyError');
    expect(typeof problem.currentRevision).toBe('number');
  });

  it('given an unknown plan, no key, and a wrong method, then the 404, 401 and 405 parse too', async () => {
    const missing = await ledger.app.inject({
      url: '/plans/01ARZ3NDEKTSV4RRFFQ69G5FAV',
      headers: bearer(ledger.tokens.manager),
    });
    expect(documented(missing).code).toBe('NotFoundError');
    const anonymous = await ledger.app.inject({ url: `/plans/${ids.tpPlanId}` });
    expect(documented(anonymous).code).toBe('UnauthorizedError');
    const wrongMethod = await ledger.app.inject({
      method: 'DELETE',
      url: `/plans/${ids.tpPlanId}`,
      headers: bearer(ledger.tokens.manager),
    });
    expect(documented(wrongMethod).code).toBe('MethodNotAllowedError');
  });
});
