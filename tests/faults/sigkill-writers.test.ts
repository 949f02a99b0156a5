import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../store/factories.js';
import { killHard, startServer as start } from './support.js';

const ROUNDS = 10;
const WRITERS = 4;

describe('SIGKILL of a writing server, again and again, under concurrent HTTP writers', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let db: string;
  beforeAll(async () => {
    dir = await tempDir('plan-ledger-sigkill-');
    db = join(dir.dir, 'ledger.sqlite');
  });
  afterAll(() => dir.remove());

  it(`given ${ROUNDS} kills, every acknowledged write is present exactly once and the ledger verifies`, async () => {
    let server = await start(db);
    const key = /plk_[\w-]+/.exec(server.out)?.[0] ?? '';
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
    const id = async (res: Promise<Response>) => ((await (await res).json()) as { id: string }).id;
    const inspectionId = await id(
      post(server.base, '/inspections', {
        title: 'Kill test',
        inspectorate: 'HMIC',
        effectiveOn: '2011-01-01',
      }),
    );
    const planId = await id(
      post(server.base, '/plans', { inspectionId, portfolio: 'TP', effectiveOn: '2011-01-02' }),
    );
    const itemId = await id(
      post(server.base, '/items', {
        inspectionId,
        planId,
        ref: 'AFI.1',
        kind: 'area-for-improvement',
        text: 'Improve',
        effectiveOn: '2011-01-03',
      }),
    );
    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) server = await start(db);
      const base = server.base;
      let stop = false;
      let firstAck = () => {};
      const acked = new Promise<void>((resolve) => {
        firstAck = resolve;
      });
      const writer = async (w: number) => {
        for (let n = 0; !stop; n++) {
          const text = `r${round}-w${w}-n${n}`;
          try {
            const res = await post(
              base,
              `/items/${itemId}/updates`,
              { text, effectiveOn: '2011-02-01' },
              text,
            );
            if (res.status === 201) {
              acknowledged.push(text);
              firstAck();
            }
          } catch {
            return; // the server is gone mid-request: not acknowledged
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
      // Kill at a moment that moves each round, while requests are in flight: counted from this
      // round's first acknowledgement (a loaded machine can take longer than the delay for it).
      await Promise.race([acked, new Promise((r) => setTimeout(r, 30_000))]);
      await new Promise((r) => setTimeout(r, 150 + ((round * 37) % 200)));
      await killHard(server.child);
      stop = true;
      await Promise.all(writers);
    }
    const store = openSqliteStore({ path: db });
    try {
      const texts = (await store.readAll({ limit: 1_000_000 }))
        .filter((e) => e.type === 'UpdatePosted')
        .map((e) => (e.data as { text: string }).text);
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      expect(acknowledged.length).toBeGreaterThan(ROUNDS);
      expect(acknowledged.filter((t) => counts.get(t) !== 1)).toEqual([]);
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      const report = await verifyLedger(store);
      expect(report.failures).toEqual([]);
    } finally {
      await store.close();
    }
  }, 240_000);
});
