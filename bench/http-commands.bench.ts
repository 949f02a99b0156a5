import { buildApp } from '../src/api/app.js';
import { KeyStore } from '../src/auth/key-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { type BenchOptions, type BenchResult, judged, median, spread } from './harness.js';
import { load } from './http.bench.js';
import type { LoadOutput } from './http-load.js';
import { removeDatabase, scratchPath } from './scratch.js';

const CLIENTS = 16;
const ITEMS = 256;

/**
 * Commands over HTTP (POST /items/{id}/updates: the whole pipeline — key check, validation,
 * scope, load, decide, append with its fsync, read-your-writes — then 201) from 16 concurrent
 * clients against one client sending the same commands one after another, each on a fresh
 * ledger file, rounds alternated. Both open the store as the server does (`npm start`: commits
 * on the store's write thread). Afterwards the file is reopened and the event of every 201 must
 * be in it: an acknowledgement is only counted if it was durable.
 */
export async function httpCommands(options: BenchOptions): Promise<BenchResult> {
  const durationSeconds = options.smoke ? 2 : 8;
  const rounds = options.smoke ? 1 : Math.min(options.repeats, 3);
  const durability: string[] = [];
  const run = async (connections: number, round: number): Promise<LoadOutput & { rate: number }> => {
    const path = scratchPath(`http-commands-${connections}-${round}`);
    const store = openSqliteStore({ path, commitThread: true });
    const keys = await KeyStore.open(store);
    const { token } = await keys.create({ name: 'bench', role: 'manager' }, 'bench');
    const app = await buildApp({ store, storeName: 'sqlite:bench', keys, rateLimitPerMinute: false });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = async (url: string, body: unknown) => {
      const res = await app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
      if (res.statusCode !== 201) throw new Error(`seeding ${url}: ${res.statusCode} ${res.body}`);
      return String((JSON.parse(res.body) as { id: string }).id);
    };
    const inspectionId = await post('/inspections', { title: 'Bench inspection', inspectorate: 'HMIC' });
    const planId = await post('/plans', { inspectionId, portfolio: 'Territorial Policing' });
    const itemIds: string[] = [];
    for (let n = 0; n < ITEMS; n++) {
      itemIds.push(
        await post('/items', {
          inspectionId,
          planId,
          ref: `AFI.${n + 1}`,
          kind: 'area-for-improvement',
          text: `Improve ${n + 1}`,
        }),
      );
    }
    const before = await store.headPosition();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const out = await load({
      url,
      paths: itemIds.map((id) => `/items/${id}/updates`),
      bodies: itemIds.map((_, n) => JSON.stringify({ text: `Progress reported at the bench, ${n}` })),
      headers: { authorization: `Bearer ${token}` },
      connections,
      durationSeconds,
      acknowledgedEvents: true,
    });
    await app.close();
    await store.close();
    // Reopened from the file: the event of every acknowledged command must be there.
    const reopened = openSqliteStore({ path });
    const stored = new Set((await reopened.readAll({ after: before })).map((e) => e.eventId));
    await reopened.close();
    removeDatabase(path);
    const acknowledged = out.acknowledged ?? [];
    const missing = acknowledged.filter((id) => !stored.has(id));
    durability.push(
      `${connections} client(s): ${out.ok} 201s naming ${acknowledged.length} events, ${stored.size} stored, ${missing.length} missing`,
    );
    if (acknowledged.length < out.ok || missing.length > 0)
      throw new Error(
        `acknowledged commands not durable: ${out.ok} 201s, ${acknowledged.length} event ids, missing ${missing.slice(0, 3).join(', ')}`,
      );
    return { ...out, rate: out.ok / durationSeconds };
  };
  const single: (LoadOutput & { rate: number })[] = [];
  const many: (LoadOutput & { rate: number })[] = [];
  for (let round = 0; round < rounds; round++) {
    single.push(await run(1, round));
    many.push(await run(CLIENTS, round));
  }
  const rate = (list: { rate: number }[]) => median(list.map((r) => r.rate));
  const refused =
    many.reduce((n, r) => n + r.non2xx + r.errors, 0) + single.reduce((n, r) => n + r.non2xx + r.errors, 0);
  const ratio = rate(many) / rate(single);
  return {
    name: `commands, ${CLIENTS} concurrent HTTP clients`,
    size: '-',
    figure: { value: rate(many), unit: 'commands/s (201s)' },
    baseline: {
      value: rate(single),
      unit: 'commands/s (201s)',
      label: 'one client, the same commands one after another',
    },
    ratio,
    target: {
      text: '≥ 3 × the sequential single-writer rate, every 201 durable',
      met: judged(options, ratio >= 3),
    },
    notes: [
      `POST /items/{id}/updates over ${ITEMS} items, autocannon ${durationSeconds} s per run, ${rounds} alternating round(s), a fresh ledger file each (WAL + synchronous=FULL)`,
      `runs (commands/s): ${spread(many.map((r) => r.rate))}; single client: ${spread(single.map((r) => r.rate))}`,
      `p50/p99 latency, ${CLIENTS} clients: ${median(many.map((r) => r.p50))} / ${median(many.map((r) => r.p99))} ms; one client: ${median(single.map((r) => r.p50))} / ${median(single.map((r) => r.p99))} ms`,
      `durability (file reopened after each run): ${durability.join('; ')}`,
      ...(refused > 0
        ? [`non-2xx or errors: ${refused} (409s when two clients hit one item at once are possible)`]
        : []),
    ],
  };
}
