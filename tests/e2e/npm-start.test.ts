import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type StartedLedger, startNpmLedger } from './npm-start-server.js';

/**
 * The quick start's promise, tested as a user runs it: `npm start` on an empty data directory
 * serves /health and the raw ledger with the sample plan, in global order, with envelopes.
 */

const Envelope = z.object({
  eventId: z.string(),
  type: z.string(),
  streamId: z.string(),
  revision: z.number(),
  position: z.number(),
  effectiveOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  recordedAt: z.string().endsWith('Z'),
  actor: z.object({ id: z.string() }),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
  data: z.unknown(),
});
const Page = z.object({
  events: z.array(Envelope),
  headPosition: z.number(),
  nextAfter: z.number().nullable(),
});

describe('npm start on a fresh data directory', () => {
  let ledger: StartedLedger;
  let baseUrl = '';
  let adminKey = '';

  beforeAll(async () => {
    ledger = await startNpmLedger('plan-ledger-start-');
    ({ baseUrl, adminKey } = ledger);
  }, 60_000);

  afterAll(async () => {
    await ledger?.stop();
  });

  it('then /health answers ok without a key', async () => {
    const res = await fetch(`${baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = z.object({ status: z.literal('ok'), headPosition: z.number() }).parse(await res.json());
    expect(body.headPosition).toBeGreaterThan(50);
  });

  it('then GET /events lists the sample plan in global order, each event with its envelope', async () => {
    const res = await fetch(`${baseUrl}/events?limit=1000`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(res.status).toBe(200);
    const page = Page.parse(await res.json());
    expect(page.events.length).toBe(page.headPosition + 1);
    expect(page.events.map((e) => e.position)).toEqual(page.events.map((_, i) => i));
    expect(page.events[0]?.type).toBe('InspectionRegistered');
    expect(page.events.filter((e) => e.type === 'RecommendationReceived')).toHaveLength(12);
    expect(ledger.output()).toMatch(/Loaded the sample plan: \d+ events/);
  });

  it('then reading the ledger without a key is refused with a problem document', async () => {
    const res = await fetch(`${baseUrl}/events`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
