import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../store/factories.js';
import {
  eventsIn,
  killHard,
  ledger,
  ledgerDone,
  type Running,
  SEED_002,
  shapes,
  startServer,
} from './support.js';

const WRITERS_PER_SERVER = 2;
/** Each writer posts at least this many, and keeps posting until the import has ended... */
const MIN_POSTS = 5;
/** ...but never more than this (a bound, should the import hang). */
const MAX_POSTS = 200;

describe('two servers and a CLI import writing one SQLite file at once', () => {
  let dir: { dir: string; remove(): Promise<void> };
  const servers: Running[] = [];
  beforeAll(async () => {
    dir = await tempDir('plan-ledger-two-servers-');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => killHard(s.child)));
    await dir.remove();
  });

  it('given HTTP writers on both servers during an import, every acknowledged write is there once, the import is whole, verify passes', async () => {
    const db = join(dir.dir, 'ledger.sqlite');
    const clean = join(dir.dir, 'clean.sqlite');
    const cleanRun = ledgerDone(['import', SEED_002, '--db', clean]);

    // Given two real servers on the same file (the first creates the admin key both accept)
    const a = await startServer(db);
    servers.push(a);
    // The second one starts while the first is already taking writes
    const bStarting = startServer(db);
    const key = /plk_[\w-]+/.exec(a.out)?.[0] ?? '';
    expect(key).not.toBe('');
    const post = (base: string, url: string, body: unknown, idem?: string) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          ...(idem ? { 'idempotency-key': idem } : {}),
        },
        body: JSON.stringify(body),
      });
    const id = async (res: Promise<Response>) => {
      const r = await res;
      expect(r.status).toBe(201);
      return ((await r.json()) as { id: string }).id;
    };
    const inspectionId = await id(
      post(a.base, '/inspections', { title: 'Two servers', inspectorate: 'HMIC', effectiveOn: '2011-01-01' }),
    );
    const planId = await id(
      post(a.base, '/plans', { inspectionId, portfolio: 'TP', effectiveOn: '2011-01-02' }),
    );
    const itemId = await id(
      post(a.base, '/items', {
        inspectionId,
        planId,
        ref: 'AFI.1',
        kind: 'area-for-improvement',
        text: 'Improve',
        effectiveOn: '2011-01-03',
      }),
    );

    const b = await bStarting;
    servers.push(b);

    // When writers post to each server while `ledger import` runs into the same file
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    let importEnded = false;
    let duringImport = 0;
    const writer = async (server: Running, name: string) => {
      for (let n = 0; n < MAX_POSTS && (n < MIN_POSTS || !importEnded); n++) {
        const text = `${name}-n${n}`;
        const res = await post(
          server.base,
          `/items/${itemId}/updates`,
          { text, effectiveOn: '2011-02-01' },
          text,
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acknowledged.push(text);
        if (!importEnded) duringImport++;
      }
    };
    const importing = ledger(['import', SEED_002, '--db', db]);
    void importing.exited.then(() => {
      importEnded = true;
    });
    const writers = [a, b].flatMap((server, s) =>
      Array.from({ length: WRITERS_PER_SERVER }, (_, w) => writer(server, `s${s}-w${w}`)),
    );
    await Promise.all(writers);
    const imported = await importing.exited;
    expect(imported.code, importing.out()).toBe(0);
    await Promise.all(servers.map((s) => killHard(s.child)));

    // Then every acknowledged write is present exactly once, nothing else answered 5xx
    const events = await eventsIn(db);
    const counts = new Map<string, number>();
    for (const e of events.filter((e) => e.type === 'UpdatePosted' && e.streamId.includes(itemId))) {
      const text = (e.data as { text: string }).text;
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(duringImport).toBeGreaterThan(MIN_POSTS * WRITERS_PER_SERVER * 2);
    expect(acknowledged.length).toBeGreaterThan(MIN_POSTS * 2);
    expect(acknowledged.filter((t) => counts.get(t) !== 1)).toEqual([]);
    expect([...counts.values()].every((c) => c === 1)).toBe(true);

    // And the import's events are all there, as a clean import of the same file gives them
    const cleanDone = await cleanRun;
    expect(cleanDone.code, cleanDone.out).toBe(0);
    const expected = await eventsIn(clean);
    const importId = expected[0]?.correlationId ?? '';
    expect(importId).not.toBe('');
    const fromImport = events.filter((e) => e.correlationId === importId);
    expect(expected.length).toBeGreaterThan(100);
    expect(shapes(fromImport)).toEqual(shapes(expected));

    // And the ledger verifies
    const verify = await ledgerDone(['verify', '--db', db]);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toContain(`OK: ${events.length} events`);
    console.info(
      `acknowledged ${acknowledged.length}, ${duringImport} answered during the import, statuses ${JSON.stringify([...statuses])}`,
    );
  }, 90_000);
});
