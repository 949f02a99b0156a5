import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows } from '../../src/auth/roles.js';
import { json, PS, type Seeded, seed, type TestLedger, testLedger } from './factories.js';
import { caseContext, type RouteCase } from './route-case.js';
import { ROUTE_CASES } from './route-cases.js';

/** Who calls: no key, a revoked key, each role, and a contributor of another portfolio. */
type Caller = 'none' | 'revoked' | 'viewer' | 'contributor' | 'other-contributor' | 'manager' | 'admin';
const CALLERS: Caller[] = [
  'none',
  'revoked',
  'viewer',
  'contributor',
  'other-contributor',
  'manager',
  'admin',
];

/** The status the matrix expects: the roles of docs/architecture.md, Auth, written out independently of the code. */
function expected(route: RouteCase, caller: Caller): number {
  if (route.permission === 'public') return route.success;
  if (caller === 'none' || caller === 'revoked') return 401;
  const role = caller === 'other-contributor' ? 'contributor' : caller;
  if (!roleAllows(role, route.permission)) return 403;
  if (caller === 'other-contributor' && route.scoped) return 403;
  return route.success;
}

describe('authorisation matrix: every route × every caller', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let base: string;
  const tokens = new Map<Caller, string | null>();

  beforeAll(async () => {
    // Given a ledger with one inspection, two portfolio plans, and keys for every caller
    ledger = await testLedger();
    ids = await seed(ledger);
    await ledger.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ledger.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    base = `http://127.0.0.1:${(address satisfies AddressInfo).port}`;
    const revoked = await ledger.keys.create({ name: 'revoked', role: 'admin' }, 'test');
    await ledger.keys.revoke(revoked.key.keyId);
    const other = await ledger.keys.create(
      { name: 'ps contributor', role: 'contributor', portfolios: [PS] },
      'test',
    );
    tokens.set('none', null);
    tokens.set('revoked', revoked.token);
    tokens.set('other-contributor', other.token);
    for (const role of ['viewer', 'contributor', 'manager', 'admin'] as const)
      tokens.set(role, ledger.tokens[role]);
  });
  afterAll(() => ledger.close());

  it('covers every route of the OpenAPI document', async () => {
    // Given the published document
    const doc = json(await ledger.app.inject({ url: '/openapi.json' }));
    const paths = doc.paths && typeof doc.paths === 'object' ? doc.paths : {};
    const published = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops && typeof ops === 'object' ? ops : {}).map((m) => `${m.toUpperCase()} ${path}`),
    );
    // Then every published route has a row in the matrix, and every other row is a hidden route
    const covered = new Set(ROUTE_CASES.map((r) => `${r.method} ${r.path}`));
    expect(published.filter((r) => !covered.has(r))).toEqual([]);
    expect(published.length).toBe(ROUTE_CASES.filter((r) => !r.hidden).length);
  });

  const cells = ROUTE_CASES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));

  it.each(cells.map((c) => [`${c.route.method} ${c.route.path}`, c.caller, c] as const))(
    '%s as %s',
    async (_name, _caller, { route, caller }) => {
      // Given a fresh, valid request for the route
      const request = await route.prepare(caseContext(ledger, ids));
      const token = tokens.get(caller) ?? null;
      const controller = new AbortController();
      // When the caller sends it over HTTP
      const response = await fetch(`${base}${request.url}`, {
        method: route.method,
        signal: controller.signal,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      const status = response.status;
      const type = response.headers.get('content-type') ?? '';
      const text = route.path === '/stream' && status === 200 ? '' : await response.text();
      controller.abort();
      // Then the status is the one the rules give, and refusals are problem documents
      expect(status, text).toBe(expected(route, caller));
      if (status === 401 || status === 403) {
        expect(type).toContain('application/problem+json');
        expect(JSON.parse(text).code).toBe(status === 401 ? 'UnauthorizedError' : 'ForbiddenError');
      }
      if (status === 401) expect(response.headers.get('www-authenticate')).toContain('Bearer');
    },
  );
});
