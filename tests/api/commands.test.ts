import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, planEvents, post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

describe('command POSTs', () => {
  let ledger: TestLedger;
  let ids: Seeded;

  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
  });
  afterAll(() => ledger.close());

  it('answers 201 with the events and the new revision in ETag, the actor being the key', async () => {
    // When a contributor posts an update on their portfolio's item, claiming to act for someone
    const response = await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
      text: 'Training delivered to 80% of staff.',
      effectiveOn: '2011-03-01',
      onBehalfOf: 'Supt Jones',
    });
    // Then the event is stamped with the key as actor and the claim kept as a claim only
    expect(response.statusCode).toBe(201);
    const body = json(response);
    expect(response.headers.etag).toBe(`"${body.revision}"`);
    const [event] = Array.isArray(body.events) ? body.events : [];
    expect(event).toMatchObject({
      type: 'UpdatePosted',
      effectiveOn: '2011-03-01',
      actor: { method: 'api-key', claimedName: 'Supt Jones' },
      data: { itemId: ids.tpItemId, text: 'Training delivered to 80% of staff.' },
    });
    const keyId = ledger.keys.list().find((k) => k.name === 'tp contributor')?.keyId;
    expect(event).toMatchObject({ actor: { id: keyId } });
  });

  it('defaults effectiveOn to the server date', async () => {
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.psItemId}/owners`, {
      strategicLead: 'ACC PS',
      actionOwner: null,
    });
    expect(response.statusCode).toBe(201);
    expect(JSON.stringify(json(response).events)).toContain('"effectiveOn":"2011-06-01"');
  });

  it('two writers with the same If-Match: one 201, one 409 with the current revision, no lost event', async () => {
    // Given an item at a known revision
    const itemId = ids.tpItemId;
    const before = await ledger.store.streamRevision(`item-${itemId}`);
    const ifMatch = { 'if-match': `"${before}"` };
    // When two writers race with that revision
    const [a, b] = await Promise.all([
      post(
        ledger.app,
        ledger.tokens.manager,
        `/items/${itemId}/rag`,
        { to: 'RED', effectiveOn: '2011-03-02' },
        ifMatch,
      ),
      post(
        ledger.app,
        ledger.tokens.contributor,
        `/items/${itemId}/updates`,
        { text: 'Second writer', effectiveOn: '2011-03-02' },
        ifMatch,
      ),
    ]);
    // Then exactly one wins and the other is told the current revision
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 201 ? a : b;
    expect(json(loser)).toMatchObject({
      code: 'ConcurrencyError',
      currentRevision: before + 1,
      expectedRevision: before,
    });
    // And the stream holds the winner's event, exactly once, and nothing of the loser's
    const stream = await ledger.store.readStream(`item-${itemId}`);
    expect(stream).toHaveLength(before + 2);
    expect(stream.at(-1)?.eventId).toBe(JSON.stringify(json(winner).events).match(/"eventId":"(\w+)"/)?.[1]);
    // And a retry with the fresh revision from the 409 succeeds
    const retry = await post(
      ledger.app,
      ledger.tokens.contributor,
      `/items/${itemId}/updates`,
      { text: 'Second writer', effectiveOn: '2011-03-02' },
      { 'if-match': `"${before + 1}"` },
    );
    expect(retry.statusCode).toBe(201);
  });

  it('Idempotency-Key: the same key and body twice append once and answer the same', async () => {
    // Given a head position
    const head = (await planEvents(ledger.store)).length;
    const key = { 'idempotency-key': 'update-2011-03-05-tp-1' };
    const body = { text: 'Policy drafted.', effectiveOn: '2011-03-05' };
    // When the same request is sent twice
    const first = await post(
      ledger.app,
      ledger.tokens.contributor,
      `/items/${ids.tpItemId}/updates`,
      body,
      key,
    );
    const second = await post(
      ledger.app,
      ledger.tokens.contributor,
      `/items/${ids.tpItemId}/updates`,
      body,
      key,
    );
    // Then one event was appended and both answers are identical
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await planEvents(ledger.store)).toHaveLength(head + 1);
  });

  it('Idempotency-Key reused for a different body is refused, appending nothing', async () => {
    const key = { 'idempotency-key': 'update-2011-03-06-tp-1' };
    const first = await post(
      ledger.app,
      ledger.tokens.contributor,
      `/items/${ids.tpItemId}/updates`,
      { text: 'A', effectiveOn: '2011-03-06' },
      key,
    );
    expect(first.statusCode).toBe(201);
    const head = (await planEvents(ledger.store)).length;
    const other = await post(
      ledger.app,
      ledger.tokens.contributor,
      `/items/${ids.tpItemId}/updates`,
      { text: 'B', effectiveOn: '2011-03-06' },
      key,
    );
    expect(other.statusCode).toBe(422);
    expect(json(other)).toMatchObject({ code: 'IdempotencyKeyReuseError' });
    expect(await planEvents(ledger.store)).toHaveLength(head);
  });

  it('a retried creation with a key names the same new id and creates it once', async () => {
    const head = (await planEvents(ledger.store)).length;
    const key = { 'idempotency-key': 'register-2012-inspection' };
    const body = { title: 'Follow-up 2012', inspectorate: 'HMIC', effectiveOn: '2011-01-10' };
    const first = await post(ledger.app, ledger.tokens.manager, '/inspections', body, key);
    const second = await post(ledger.app, ledger.tokens.manager, '/inspections', body, key);
    expect(first.statusCode).toBe(201);
    expect(json(second).id).toBe(json(first).id);
    expect(await planEvents(ledger.store)).toHaveLength(head + 1);
  });

  it('the same key from two different keys does not collide', async () => {
    const key = { 'idempotency-key': 'shared-client-key-1' };
    const a = await post(
      ledger.app,
      ledger.tokens.manager,
      '/inspections',
      { title: 'A', inspectorate: 'HMIC' },
      key,
    );
    const b = await post(
      ledger.app,
      ledger.tokens.admin,
      '/inspections',
      { title: 'B', inspectorate: 'HMIC' },
      key,
    );
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(json(a).id).not.toBe(json(b).id);
  });

  it('a rejected business rule appends nothing', async () => {
    const head = (await planEvents(ledger.store)).length;
    const response = await post(ledger.app, ledger.tokens.manager, `/items/${ids.psItemId}/reopen`, {
      reason: 'not closed',
    });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ code: 'RuleViolation' });
    expect(await planEvents(ledger.store)).toHaveLength(head);
  });
});
