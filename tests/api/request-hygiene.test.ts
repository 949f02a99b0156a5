import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../src/import/read/read-document.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { bearer, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** Sends raw bytes to the server and returns the whole answer as text. */
function rawRequest(base: string, text: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('request hygiene (issue 13, smaller points)', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  let base: string;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    base = await ledger.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => ledger.close());

  it('given the public /health, it names the store kind and file, never the folders it lives in', async () => {
    // Given a server whose store is a file in a nested folder
    const { app } = ledger;
    const health = await app.inject({ method: 'GET', url: '/health' });
    expect(health.json().store).toBe('sqlite:test');
    const { publicStoreName } = await import('../../src/api/routes/health/index.js');
    expect(publicStoreName('sqlite:/srv/secret/place/ledger.sqlite')).toBe('sqlite:ledger.sqlite');
    expect(publicStoreName('sqlite:C:\\Users\\sec\\ledger.sqlite')).toBe('sqlite:ledger.sqlite');
    expect(publicStoreName('eventstoredb')).toBe('eventstoredb');
  });

  it('given any API answer, no cache may keep it (Cache-Control: no-store), errors included', async () => {
    const plans = await ledger.app.inject({
      method: 'GET',
      url: '/plans',
      headers: bearer(ledger.tokens.viewer),
    });
    const missing = await ledger.app.inject({ method: 'GET', url: '/nowhere' });
    const denied = await ledger.app.inject({ method: 'GET', url: '/plans' });
    for (const answer of [plans, missing, denied]) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('when a path exists but not with this method, the answer is a 405 with Allow, as problem+json', async () => {
    const answer = await ledger.app.inject({
      method: 'DELETE',
      url: `/items/${ids.tpItemId}`,
      headers: bearer(ledger.tokens.admin),
    });
    expect(answer.statusCode).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(answer.json().code).toBe('MethodNotAllowedError');
    const unknown = await ledger.app.inject({ method: 'DELETE', url: '/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
  });

  it('when headers are too large or the request is not valid HTTP, the answer is still problem+json', async () => {
    const huge = await rawRequest(
      base,
      `GET /plans HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4)).status).toBe(431);
    const broken = await rawRequest(base, 'GET /plans HTTP/1.1\r\nHost x\r\n\r\n');
    expect(broken).toMatch(/^HTTP\/1\.1 400 /);
    expect(broken).toMatch(/content-type: application\/problem\+json/i);
    const badUrl = await ledger.app.inject({ method: 'GET', url: '/items/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('when a fact is dated after today, it is refused naming the field, and nothing is appended', async () => {
    // The test server's today is 2011-06-01
    const head = await ledger.store.headPosition();
    const answer = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/updates`, {
      text: 'from the future',
      effectiveOn: '9999-12-31',
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([
      {
        path: 'body.effectiveOn',
        message: expect.stringMatching(/9999-12-31 is after today \(2011-06-01\)/),
      },
    ]);
    const board = await post(ledger.app, ledger.tokens.manager, '/boards', {
      boardName: 'Police Authority',
      boardDate: '2011-06-02',
      planIds: [ids.tpPlanId],
    });
    expect(board.statusCode).toBe(400);
    expect(board.json().errors[0].path).toBe('body.boardDate');
    expect(await ledger.store.headPosition()).toBe(head);
    // A due date in the future is data about the future, and stays allowed
    const due = await post(ledger.app, ledger.tokens.manager, `/items/${ids.tpItemId}/due-date`, {
      dueDate: '2030-01-31',
      reason: 'agreed with the board',
      effectiveOn: '2011-05-20',
    });
    expect(due.statusCode).toBe(201);
  });

  it('when RAG over time would need more than 1000 points, it is refused naming `to`, not cut short', async () => {
    const ok = await ledger.app.inject({
      method: 'GET',
      url: '/rag-over-time?from=2011-01-01&to=2013-09-26&step=day',
      headers: bearer(ledger.tokens.viewer),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().points).toHaveLength(1000);
    const century = await ledger.app.inject({
      method: 'GET',
      url: '/rag-over-time?from=2000-01-01&to=2100-01-01&step=day',
      headers: bearer(ledger.tokens.viewer),
    });
    expect(century.statusCode).toBe(400);
    expect(century.json().errors).toEqual([
      { path: 'query.to', message: expect.stringMatching(/36526 points by day .* more than 1000/) },
    ]);
  });

  it('given Idempotency-Key records, they are kept in the ledger store, whose connection is synchronous=FULL in WAL mode', async () => {
    const response = await post(
      ledger.app,
      ledger.tokens.manager,
      '/inspections',
      { title: 'Durable answers', inspectorate: 'HMIC', effectiveOn: '2010-11-01' },
      { 'idempotency-key': 'hygiene-durable-1' },
    );
    expect(response.statusCode).toBe(201);
    const records = (await ledger.store.readAll()).filter((e) => e.type === 'IdempotencyKeyUsed');
    expect(records).toHaveLength(1);
    expect(ledger.store.settings()).toMatchObject({ synchronous: 2, journalMode: 'wal' });
  });

  it('when a file is imported by its full path, events record only its file name', async () => {
    const file = join(SEEDS_DIR, SEED_FILES['000']);
    const document = await readDocument(file);
    expect(document.source).toBe(SEED_FILES['000']);
    expect(JSON.stringify(document)).not.toContain(SEEDS_DIR);
  });
});
