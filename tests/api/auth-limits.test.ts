import { afterEach, describe, expect, it } from 'vitest';
import { bearer, seed, type TestLedger, testLedger } from './factories.js';

/** Opens GET /stream and resolves once the answer has started (200) or failed. */
async function openStream(base: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${base}/stream`, { headers, signal: controller.signal });
  return { response, abort: () => controller.abort() };
}

/** Resolves with how long the stream's body took to end (ms), or rejects after `limitMs`. */
async function endsWithin(response: Response, limitMs: number): Promise<number> {
  const started = Date.now();
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const deadline = started + limitMs;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`stream still open after ${limitMs} ms`);
    const next = await Promise.race([
      reader.read().catch(() => ({ done: true as const, value: undefined })),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), remaining)),
    ]);
    if (next === 'timeout') throw new Error(`stream still open after ${limitMs} ms`);
    if (next.done) return Date.now() - started;
  }
}

describe('authentication limits and revocation', () => {
  let ledger: TestLedger;
  afterEach(() => ledger.close());

  it('given an address that keeps presenting bad keys, it is refused with 429 (even with a good key) and each failure is logged', async () => {
    const logLines: string[] = [];
    ledger = await testLedger({ authFailuresPerMinute: 5, logLines });
    const bad = () =>
      ledger.app.inject({
        method: 'GET',
        url: '/plans',
        headers: bearer(`plk_${'A'.repeat(26)}_${'x'.repeat(43)}`),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await bad()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const good = await ledger.app.inject({
      method: 'GET',
      url: '/plans',
      headers: bearer(ledger.tokens.viewer),
    });
    expect(good.statusCode).toBe(429);
    expect(good.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(good.headers['retry-after'])).toBeGreaterThan(0);
    expect(good.json().code).toBe('RateLimitedError');
    const failures = logLines.filter((l) => l.includes('authentication failed'));
    expect(failures).toHaveLength(5);
    expect(failures[4]).toContain('"failuresInWindow":5');
  });

  it('given one key, it may hold at most the capped number of live streams; the next is a 429', async () => {
    ledger = await testLedger({ streamsPerKey: 2 });
    const base = await ledger.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await openStream(base, bearer(ledger.tokens.viewer));
    const b = await openStream(base, bearer(ledger.tokens.viewer));
    const c = await openStream(base, bearer(ledger.tokens.viewer));
    const other = await openStream(base, bearer(ledger.tokens.manager));
    expect([a.response.status, b.response.status, c.response.status, other.response.status]).toEqual([
      200, 200, 429, 200,
    ]);
    expect(await c.response.json()).toMatchObject({ code: 'RateLimitedError' });
    // When one closes, a new one may open
    a.abort();
    await expect.poll(() => ledger.app.ledger.streams.size, { timeout: 2000 }).toBe(2);
    const d = await openStream(base, bearer(ledger.tokens.viewer));
    expect(d.response.status).toBe(200);
    for (const s of [b, d, other]) s.abort();
  });

  it('when a key is revoked, its open streams (by header and by ticket) end within a second', async () => {
    ledger = await testLedger();
    await seed(ledger);
    const base = await ledger.app.listen({ port: 0, host: '127.0.0.1' });
    const viewer = await ledger.keys.create({ name: 'soon revoked', role: 'viewer' }, 'test');
    const byHeader = await openStream(base, bearer(viewer.token));
    const ticket = await fetch(`${base}/stream/tickets`, { method: 'POST', headers: bearer(viewer.token) });
    const cookie = (ticket.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const byTicket = await openStream(base, { cookie });
    const unrelated = await openStream(base, bearer(ledger.tokens.viewer));
    expect([byHeader.response.status, byTicket.response.status]).toEqual([200, 200]);

    // Revoked outside this server's route (as `ledger keys revoke` or another instance would)
    await ledger.keys.revoke(viewer.key.keyId);
    const [header, viaTicket] = await Promise.all([
      endsWithin(byHeader.response, 1000),
      endsWithin(byTicket.response, 1000),
    ]);
    expect(header).toBeLessThan(1000);
    expect(viaTicket).toBeLessThan(1000);
    // The other key's stream stays open
    await expect(endsWithin(unrelated.response, 400)).rejects.toThrow(/still open/);
    unrelated.abort();
  });
});
