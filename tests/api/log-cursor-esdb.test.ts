import type { FastifyInstance } from 'fastify';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { KeyStore } from '../../src/auth/key-store.js';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { isSystemStream } from '../../src/domain/system-streams.js';
import { loadSampleIfEmpty } from '../../src/sample/load-sample.js';
import { type EventStoreDbStore, openEventStoreDbStore } from '../../src/store/eventstoredb-store.js';
import { FakeEsdb } from '../store/fake-esdb.js';

/**
 * Cursors a user hands the API on EventStoreDB, whose positions are byte offsets with gaps:
 * `GET /events?after=` and `Last-Event-ID` on `GET /stream`. A number that is no event's
 * position (another store's, or inside a record) is a 400 naming the parameter; it never starts
 * a stream that then dies, and never scans the log. The server is the in-memory fake behind
 * the client's real types (tests/store/fake-esdb.ts).
 */
describe('log cursors on EventStoreDB', () => {
  const fake = new FakeEsdb();
  let store: EventStoreDbStore;
  let app: FastifyInstance;
  let token = '';
  let events: RecordedEvent[] = [];
  const auth = () => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    store = openEventStoreDbStore({ client: fake.client() });
    await loadSampleIfEmpty(store, { newId: ulid });
    events = (await store.readAll()).filter((e) => !isSystemStream(e.streamId)).slice(-5);
    expect(events).toHaveLength(5);
    const keys = await KeyStore.open(store);
    token = (await keys.create({ name: 'auditor', role: 'viewer' }, 'test')).token;
    app = await buildApp({
      store,
      storeName: 'eventstoredb',
      keys,
      validateResponses: true,
      rateLimitPerMinute: false,
    });
  });
  afterAll(async () => {
    await app?.close();
    await store.close();
  });

  const between = () => (events[1]?.position ?? 0) + 1;

  it('given a cursor inside a record, GET /events is a 400 naming query.after, in at most two reads', async () => {
    fake.calls.length = 0;
    const res = await app.inject({ url: `/events?after=${between()}`, headers: auth() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'query.after' })]);
    expect(res.json().errors[0].message).toMatch(/not the position of an event/);
    expect(fake.calls.filter((c) => c.method === 'readAll').length).toBeLessThanOrEqual(3);
  });

  it('pages with nextAfter reach every event exactly once, each page one read of the log', async () => {
    const seen: number[] = [];
    let after: number | null = -1;
    let reads = 0;
    while (after !== null) {
      fake.calls.length = 0;
      const res = await app.inject({ url: `/events?after=${after}&limit=50`, headers: auth() });
      expect(res.statusCode).toBe(200);
      const page: { events: RecordedEvent[]; nextAfter: number | null } = res.json();
      seen.push(...page.events.map((e) => e.position));
      reads = Math.max(
        reads,
        fake.calls.filter(
          (c) => c.method === 'readAll' && (c.options as { direction?: string }).direction === 'forwards',
        ).length,
      );
      after = page.nextAfter;
    }
    expect(seen.length).toBeGreaterThan(50);
    expect(seen.filter((p) => events.some((e) => e.position === p))).toEqual(events.map((e) => e.position));
    expect(new Set(seen).size).toBe(seen.length);
    expect(reads).toBe(1);
  });

  it('given a numeric Last-Event-ID from another store, GET /stream is a 400 naming the header, not a stream that dies', async () => {
    for (const lastId of [String(between()), '3', String((events.at(-1)?.position ?? 0) + 10_000)]) {
      const res = await app.inject({ url: '/stream', headers: { ...auth(), 'last-event-id': lastId } });
      expect(res.statusCode, lastId).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors).toEqual([expect.objectContaining({ path: 'headers.last-event-id' })]);
    }
  });

  it('given the Last-Event-ID of an event, the stream resumes right after it', async () => {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${base}/stream`, {
      headers: { ...auth(), 'last-event-id': String(events[2]?.position) },
      signal: controller.signal,
    });
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    const reader = res.body?.getReader() ?? expect.unreachable();
    let text = '';
    const deadline = Date.now() + 3000;
    while ((text.match(/^id: /gm)?.length ?? 0) < 2 && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([events[3]?.position, events[4]?.position]);
  });
});
