import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, json, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** One malformed request and the field its problem document must name. */
interface Bad {
  name: string;
  method?: 'GET' | 'POST';
  url: (ids: Seeded) => string;
  /** A JSON value, or a raw string sent as is. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  /** The `errors[].path` that must be present (or, for 404/409, a member that names the thing). */
  field: string;
}

const ULID_NOBODY = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const item = (suffix: string) => (ids: Seeded) => `/items/${ids.tpItemId}/${suffix}`;
const newItem = (over: Record<string, unknown>) => (ids: Seeded) => ({
  inspectionId: ids.inspectionId,
  planId: ids.tpPlanId,
  ref: 'R.9',
  kind: 'recommendation',
  text: 'Do better',
  ...over,
});

const CASES: Bad[] = [
  { name: 'unknown RAG', url: item('rag'), body: { to: 'PURPLE' }, status: 400, field: 'body.to' },
  {
    name: 'COMPLETE is not a RAG',
    url: item('rag'),
    body: { to: 'COMPLETE' },
    status: 400,
    field: 'body.to',
  },
  { name: 'lower-case RAG', url: item('rag'), body: { to: 'amber' }, status: 400, field: 'body.to' },
  { name: 'missing RAG', url: item('rag'), body: { reason: 'x' }, status: 400, field: 'body.to' },
  { name: 'RAG of the wrong type', url: item('rag'), body: { to: 1 }, status: 400, field: 'body.to' },
  {
    name: 'client-supplied from (extra field)',
    url: item('rag'),
    body: { to: 'RED', from: 'GREEN' },
    status: 400,
    field: 'body.from',
  },
  {
    name: 'client-supplied actor (extra field)',
    url: item('updates'),
    body: { text: 'x', actor: 'ceo' },
    status: 400,
    field: 'body.actor',
  },
  {
    name: 'client-supplied recordedAt (extra field)',
    url: item('updates'),
    body: { text: 'x', recordedAt: '2011-01-01T00:00:00.000Z' },
    status: 400,
    field: 'body.recordedAt',
  },
  {
    name: 'impossible date',
    url: item('updates'),
    body: { text: 'x', effectiveOn: '2011-02-30' },
    status: 400,
    field: 'body.effectiveOn',
  },
  {
    name: 'UK-style date',
    url: item('updates'),
    body: { text: 'x', effectiveOn: '27/04/2011' },
    status: 400,
    field: 'body.effectiveOn',
  },
  {
    name: 'date-time instead of date',
    url: item('updates'),
    body: { text: 'x', effectiveOn: '2011-04-27T10:00:00Z' },
    status: 400,
    field: 'body.effectiveOn',
  },
  { name: 'empty update', url: item('updates'), body: { text: '' }, status: 400, field: 'body.text' },
  {
    name: 'whitespace-only update',
    url: item('updates'),
    body: { text: '   \n ' },
    status: 400,
    field: 'body.text',
  },
  {
    name: 'oversized update',
    url: item('updates'),
    body: { text: 'x'.repeat(20_001) },
    status: 400,
    field: 'body.text',
  },
  {
    name: 'update of the wrong type',
    url: item('updates'),
    body: { text: ['a'] },
    status: 400,
    field: 'body.text',
  },
  {
    name: 'empty onBehalfOf',
    url: item('updates'),
    body: { text: 'x', onBehalfOf: '' },
    status: 400,
    field: 'body.onBehalfOf',
  },
  {
    // The bound is the envelope's claimedName: the store used to refuse it, naming actor.claimedName
    name: 'onBehalfOf longer than the actor records',
    url: item('updates'),
    body: { text: 'x', onBehalfOf: 'x'.repeat(201) },
    status: 400,
    field: 'body.onBehalfOf',
  },
  {
    name: 'malformed item id',
    url: () => '/items/not-a-ulid/updates',
    body: { text: 'x' },
    status: 400,
    field: 'params.itemId',
  },
  {
    name: 'unknown item',
    url: () => `/items/${ULID_NOBODY}/updates`,
    body: { text: 'x' },
    status: 404,
    field: 'id',
  },
  {
    name: 'bad If-Match',
    url: item('updates'),
    body: { text: 'x' },
    headers: { 'if-match': 'yesterday' },
    status: 400,
    field: 'headers.if-match',
  },
  {
    name: 'If-Match naming a revision the item never had',
    url: item('updates'),
    body: { text: 'x' },
    headers: { 'if-match': '"5"' },
    status: 409,
    field: 'currentRevision',
  },
  {
    name: 'short Idempotency-Key',
    url: item('updates'),
    body: { text: 'x' },
    headers: { 'idempotency-key': 'abc' },
    status: 400,
    field: 'headers.idempotency-key',
  },
  { name: 'body that is not JSON', url: item('updates'), raw: '{"text": ', status: 400, field: 'body' },
  {
    name: 'body that is a JSON array',
    url: item('updates'),
    raw: '[{"text":"x"}]',
    status: 400,
    field: 'body',
  },
  {
    name: 'text/plain body',
    url: item('updates'),
    raw: 'hello',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    field: 'headers.content-type',
  },
  {
    name: 'body over the size limit',
    url: item('updates'),
    raw: JSON.stringify({ text: 'x'.repeat(300_000) }),
    status: 413,
    field: 'body',
  },
  {
    name: 'update before the item was received',
    url: item('updates'),
    body: { text: 'x', effectiveOn: '2009-01-01' },
    status: 422,
    field: 'body.effectiveOn',
  },
  {
    name: 'unknown item kind',
    url: () => '/items',
    body: newItem({ kind: 'finding' }),
    status: 400,
    field: 'body.kind',
  },
  {
    name: 'missing ref',
    url: () => '/items',
    body: newItem({ ref: undefined }),
    status: 400,
    field: 'body.ref',
  },
  {
    name: 'inspection id not a ULID',
    url: () => '/items',
    body: newItem({ inspectionId: '42' }),
    status: 400,
    field: 'body.inspectionId',
  },
  {
    name: 'due date month 13',
    url: () => '/items',
    body: newItem({ dueDate: '2011-13-01' }),
    status: 400,
    field: 'body.dueDate',
  },
  {
    name: 'unknown plan',
    url: () => '/items',
    body: newItem({ planId: ULID_NOBODY }),
    status: 422,
    field: 'body.planId',
  },
  {
    name: 'empty portfolio',
    url: () => '/plans',
    body: (ids: Seeded) => ({ inspectionId: ids.inspectionId, portfolio: '' }),
    status: 400,
    field: 'body.portfolio',
  },
  {
    name: 'owner change naming nobody',
    url: (ids) => `/plans/${ids.tpPlanId}/owners`,
    body: {},
    status: 400,
    field: 'body.portfolioOwner',
  },
  {
    name: 'oversized inspection title',
    url: () => '/inspections',
    body: { title: 't'.repeat(501), inspectorate: 'HMIC' },
    status: 400,
    field: 'body.title',
  },
  {
    name: 'fieldwork date of the wrong type',
    url: () => '/inspections',
    body: { title: 't', inspectorate: 'HMIC', fieldworkFrom: 20100101 },
    status: 400,
    field: 'body.fieldworkFrom',
  },
  {
    name: 'escalated as a string',
    url: item('due-date'),
    body: { dueDate: '2011-03-01', reason: 'PRG', escalated: 'yes' },
    status: 400,
    field: 'body.escalated',
  },
  {
    name: 'due-date change without a reason',
    url: item('due-date'),
    body: { dueDate: '2011-03-01' },
    status: 400,
    field: 'body.reason',
  },
  {
    name: 'joint allocation with no plans',
    url: item('joint-allocation'),
    body: (ids: Seeded) => ({ withPlanIds: [], leadPlanId: ids.tpPlanId }),
    status: 400,
    field: 'body.withPlanIds',
  },
  {
    name: 'joint allocation with a bad plan id',
    url: item('joint-allocation'),
    body: (ids: Seeded) => ({ withPlanIds: ['x'], leadPlanId: ids.tpPlanId }),
    status: 400,
    field: 'body.withPlanIds.0',
  },
  {
    name: 'transfer to an unknown plan',
    url: item('transfer'),
    body: { toPlanId: ULID_NOBODY },
    status: 422,
    field: 'body.toPlanId',
  },
  {
    name: 'board report with too many plans',
    url: () => '/boards',
    body: { boardName: 'PRG', boardDate: '2011-04-27', planIds: Array(201).fill(ULID_NOBODY) },
    status: 400,
    field: 'body.planIds',
  },
  {
    name: 'board digest not hex',
    url: () => '/boards',
    body: (ids: Seeded) => ({
      boardName: 'PRG',
      boardDate: '2011-04-27',
      planIds: [ids.tpPlanId],
      snapshotDigest: 'xyz',
    }),
    status: 400,
    field: 'body.snapshotDigest',
  },
  {
    name: 'correction of a malformed stream',
    url: () => '/streams/foo-123/corrections',
    body: { correctsEventId: ULID_NOBODY, fields: { text: 'y' }, reason: 'r' },
    status: 400,
    field: 'params.streamId',
  },
  {
    name: 'correction that corrects nothing',
    url: (ids) => `/streams/item-${ids.tpItemId}/corrections`,
    body: { correctsEventId: ULID_NOBODY, reason: 'r' },
    status: 400,
    field: 'body.fields',
  },
  {
    name: 'page size over the bound',
    method: 'GET',
    url: () => '/events?limit=5000',
    status: 400,
    field: 'query.limit',
  },
  {
    name: 'cursor before the start of the log',
    method: 'GET',
    url: () => '/events?after=-2',
    status: 400,
    field: 'query.after',
  },
  {
    name: 'date filter in words',
    method: 'GET',
    url: () => '/events?effectiveFrom=yesterday',
    status: 400,
    field: 'query.effectiveFrom',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    url: () => '/events?bogus=1',
    status: 400,
    field: 'query.bogus',
  },
  {
    name: 'unknown key role',
    url: () => '/keys',
    body: { name: 'k', role: 'superuser' },
    status: 400,
    field: 'body.role',
  },
  {
    name: 'contributor key without portfolios',
    url: () => '/keys',
    body: { name: 'k', role: 'contributor' },
    status: 400,
    field: 'body.portfolios',
  },
];

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
