import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvents, uniqueStreamId } from '../store/factories.js';
import { json, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/**
 * /health tells a load balancer and an operator whether the ledger can still record: the write
 * thread's restarts while it is replaced, a 503 once it has stopped for good, and a command
 * then answers 503 saying to restart the server, not a bare 500.
 */
describe('/health and commands when the write thread stops', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeAll(async () => {
    ledger = await testLedger({ commitThread: true });
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  it('given a running writer, then /health reports it with no restarts', async () => {
    const health = json(await ledger.app.inject({ url: '/health' }));
    expect(health).toMatchObject({ status: 'ok', writer: { restarts: 0 } });
  });

  it('given the thread stopped once, then it is replaced, commands are recorded, and /health counts the restart', async () => {
    await ledger.store.writeThread?.terminate();
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Recorded after the restart.',
      effectiveOn: '2011-03-02',
    });
    expect(response.statusCode).toBe(201);
    const health = json(await ledger.app.inject({ url: '/health' }));
    expect(health).toMatchObject({ status: 'ok', writer: { restarts: 1 } });
    expect(String((health.writer as { lastRestartAt?: string }).lastRestartAt)).toMatch(/Z$/);
  });

  it('given it keeps stopping past the restart limit, then /health is 503 and a command is a 503 that says to restart the server', async () => {
    for (let i = 0; i < 3; i++) {
      await ledger.store.writeThread?.terminate();
      // Wait for the replacement to be up before ending it again (an append waits for it).
      await ledger.store
        .append(uniqueStreamId('probe'), newEvents(1), { expectedRevision: 'no_stream' })
        .catch(() => undefined);
    }
    const health = await ledger.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(503);
    expect(health.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(health)).toMatchObject({ code: 'WriterUnavailableError', status: 503 });
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'Not recorded.',
      effectiveOn: '2011-03-03',
    });
    expect(response.statusCode).toBe(503);
    expect(String(json(response).detail)).toMatch(/nothing of this request was written\. Restart the server/);
  });
});
