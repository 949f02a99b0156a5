import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AnswerCache } from '../../src/api/answer-cache.js';
import { buildApp } from '../../src/api/app.js';
import { KeyStore } from '../../src/auth/key-store.js';
import type { Role } from '../../src/auth/roles.js';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { isSystemStream } from '../../src/domain/system-streams.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { steppingClock, tempDir } from '../store/factories.js';

/** A test ledger: a real SQLite store (keys are events in it) in a temp dir, and the app over it. */
export interface TestLedger {
  app: FastifyInstance;
  store: SqliteEventStore;
  keys: KeyStore;
  dir: string;
  /** One valid token per role; the contributor's covers the portfolio "Territorial Policing". */
  tokens: Record<Role, string>;
  close(): Promise<void>;
}

export const TP = 'Territorial Policing';
export const PS = 'Protective Services';

export async function testLedger(
  options: {
    rateLimitPerMinute?: number | false;
    authFailuresPerMinute?: number | false;
    streamsPerKey?: number;
    logLines?: string[];
    storeClock?: () => Date;
    /** Puts something between the app and the real store (e.g. to interleave another writer). */
    wrapStore?: (store: EventStore) => EventStore;
    answerCache?: AnswerCache;
    /** Commit on the store's write thread, as the server does. */
    commitThread?: boolean;
  } = {},
): Promise<TestLedger> {
  const { dir, remove } = await tempDir('plan-ledger-api-');
  const store = openSqliteStore({
    path: join(dir, 'ledger.sqlite'),
    clock: options.storeClock ?? steppingClock('2011-05-01T09:00:00.000Z'),
    ...(options.commitThread ? { commitThread: true } : {}),
  });
  const served = options.wrapStore ? options.wrapStore(store) : store;
  const keys = await KeyStore.open(served);
  const tokens: Record<Role, string> = {
    viewer: (await keys.create({ name: 'viewer', role: 'viewer' }, 'test')).token,
    contributor: (
      await keys.create({ name: 'tp contributor', role: 'contributor', portfolios: [TP] }, 'test')
    ).token,
    manager: (await keys.create({ name: 'manager', role: 'manager' }, 'test')).token,
    admin: (await keys.create({ name: 'admin', role: 'admin' }, 'test')).token,
  };
  const app = await buildApp({
    ...(options.answerCache && { answerCache: options.answerCache }),
    validateResponses: true,
    store: served,
    storeName: 'sqlite:test',
    keys,
    // After every recordedAt the stepping store clock gives, so "now" reads see all writes.
    clock: () => new Date('2011-06-01T12:00:00.000Z'),
    rateLimitPerMinute: options.rateLimitPerMinute ?? false,
    authFailuresPerMinute: options.authFailuresPerMinute ?? false,
    ...(options.streamsPerKey === undefined ? {} : { streamsPerKey: options.streamsPerKey }),
    ...(options.logLines === undefined
      ? {}
      : {
          logger: { level: 'info', stream: { write: (line: string) => void options.logLines?.push(line) } },
        }),
  });
  return {
    app,
    store,
    keys,
    dir,
    tokens,
    async close() {
      await app.close();
      await store.close();
      await remove();
    },
  };
}

/** The plan events of the log: everything but the ledger's own key and idempotency streams. */
export async function planEvents(store: EventStore): Promise<RecordedEvent[]> {
  return (await store.readAll()).filter((event) => !isSystemStream(event.streamId));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Parses a JSON answer (tests assert on its shape separately). */
export function json(response: LightMyRequestResponse): Record<string, unknown> {
  const body: unknown = response.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new Error(`not a JSON object: ${response.body}`);
  return Object.fromEntries(Object.entries(body));
}

/** POSTs a command as `token` and returns the answer. */
export function post(
  app: FastifyInstance,
  token: string,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', ...bearer(token), ...headers },
  });
}

/** The ids of a small seeded ledger: one inspection, two portfolio plans, an item in each. */
export interface Seeded {
  inspectionId: string;
  tpPlanId: string;
  psPlanId: string;
  /** An item of the Territorial Policing plan (the contributor's portfolio). */
  tpItemId: string;
  /** An item of the Protective Services plan (not the contributor's). */
  psItemId: string;
}

async function created(response: LightMyRequestResponse): Promise<string> {
  if (response.statusCode !== 201) throw new Error(`seeding failed: ${response.statusCode} ${response.body}`);
  const id = json(response).id;
  if (typeof id !== 'string') throw new Error('no id');
  return id;
}

/** Seeds through the API itself, as a manager. */
export async function seed(ledger: TestLedger): Promise<Seeded> {
  const { app, tokens } = ledger;
  const m = tokens.manager;
  const inspectionId = await created(
    await post(app, m, '/inspections', {
      title: 'BTP Inspection 2010',
      inspectorate: 'HMIC',
      effectiveOn: '2010-11-01',
    }),
  );
  const tpPlanId = await created(
    await post(app, m, '/plans', { inspectionId, portfolio: TP, effectiveOn: '2010-11-02' }),
  );
  const psPlanId = await created(
    await post(app, m, '/plans', { inspectionId, portfolio: PS, effectiveOn: '2010-11-02' }),
  );
  const item = (planId: string, ref: string) =>
    post(app, m, '/items', {
      inspectionId,
      planId,
      ref,
      kind: 'area-for-improvement',
      text: `Improve ${ref}`,
      dueDate: '2011-06-30',
      effectiveOn: '2010-11-03',
    });
  const tpItemId = await created(await item(tpPlanId, 'AFI.1'));
  const psItemId = await created(await item(psPlanId, 'AFI.2'));
  return { inspectionId, tpPlanId, psPlanId, tpItemId, psItemId };
}
