import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../bench/http.bench.js';
import { FreshRounds, freshPathsNeeded } from '../../bench/http-fresh-rounds.js';

// A real server on loopback and the bench's own load generator: what matters is which paths
// reach the server, so the server records every path it is asked.
const asked: string[] = [];
const server = Fastify({ logger: false });
server.get('/:side/:n', async (request) => {
  asked.push(request.url);
  return { ok: true };
});
let url = '';
beforeAll(async () => {
  url = await server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => server.close());

const given = (rounds: number, perRound: number) =>
  Array.from({ length: freshPathsNeeded(rounds, perRound) }, (_, n) => `/${n}`);

describe('fresh rounds of the cache-off plan reads row', () => {
  it('given three rounds, when both sides run, then no path reaches the server twice and each run asks its amount', async () => {
    // given
    const rounds = 3;
    const perRound = 150;
    const paths = given(rounds, perRound);
    const fresh = new FreshRounds(paths, perRound);
    const order: string[] = [];
    const kept: string[][] = [];
    const run = (side: string) => (from: number, amount: number) => {
      order.push(side);
      return load({
        url,
        paths: paths.map((path) => `/${side}${path}`),
        headers: {},
        connections: 10,
        durationSeconds: 1,
        distinct: { from, amount },
      });
    };
    // when
    const results = [];
    for (let round = 0; round < rounds; round++)
      results.push(
        await fresh.round({
          keep: async (some) => {
            kept.push([...some]);
            return 7;
          },
          drop: () => {},
          baseline: run('baseline'),
          subject: run('subject'),
        }),
      );
    // then
    expect(asked).toHaveLength(2 * rounds * perRound);
    const numbers = asked.map((path) => path.split('/')[2]);
    expect(new Set(numbers).size).toBe(asked.length);
    expect(fresh.distinct).toBe(asked.length);
    for (const result of results) {
      expect(result.subject.total).toBe(perRound);
      expect(result.baseline.total).toBe(perRound);
      expect(result.baseline.ok).toBe(perRound);
      expect(result.subject.requestsPerSecond).toBeGreaterThan(0);
      expect(result.baselineBytes).toBe(7);
    }
    // The baseline's kept answers are for exactly the paths it asked.
    const baselineAsked = asked
      .filter((path) => path.startsWith('/baseline/'))
      .map((path) => path.slice('/baseline'.length));
    expect(new Set(baselineAsked)).toEqual(new Set(kept.flat()));
    expect(order).toEqual(['baseline', 'subject', 'subject', 'baseline', 'baseline', 'subject']);
  }, 60_000);

  it('given fewer paths than a round needs, when the round starts, then it refuses before asking any', async () => {
    // given
    const fresh = new FreshRounds(given(1, 100).slice(0, 250), 100);
    let keptAny = false;
    const never = () => Promise.reject(new Error('a run started'));
    // when
    const round = fresh.round({
      keep: async () => {
        keptAny = true;
        return 0;
      },
      drop: () => {},
      baseline: never,
      subject: never,
    });
    // then
    await expect(round).rejects.toThrow(/328 paths needed, 250 drawn/);
    expect(keptAny).toBe(false);
  });
});
