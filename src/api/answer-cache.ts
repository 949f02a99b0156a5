import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { QuerySource } from '../../projections/runtime/query-time.js';
import { asOfDate, knownAtInstant, todayUtc } from '../../projections/time.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** GET answers of this route are kept serialized per (query, time point, log position). */
    answerCache?: boolean;
  }
}

/**
 * Serialized answers, kept per (route, query, time point) for one position of the read models:
 * a dashboard polling the same board summary or plan gets the bytes of the first answer until
 * an event moves the index (or a rebuild swaps it), which empties the cache. Bounded in entries
 * and bytes, least recently used first out.
 *
 * An answer does not depend on `knownAt` once `knownAt` is at or after the latest event the
 * index holds, so every such request (the default "now" above all) shares one entry: the bytes
 * are kept without their leading `asOf`/`knownAt` and each answer is given its own.
 */
export class AnswerCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;
  private index: object | null = null;
  private position = -1;
  hits = 0;
  misses = 0;

  constructor(
    private readonly limits: { entries: number; bytes: number } = { entries: 512, bytes: 32 << 20 },
  ) {}

  /** The bytes kept for `key` at this index and position, if any. */
  get(index: { position: number }, key: string): string | undefined {
    this.follow(index);
    const body = this.entries.get(key);
    if (body === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, body);
    return body;
  }

  /** Keeps `body` for `key`, unless the index has moved since the answer was asked for. */
  set(index: { position: number }, position: number, key: string, body: string): void {
    this.follow(index);
    if (index.position !== position || body.length > this.limits.bytes / 4) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [oldest, kept] of this.entries) {
      if (this.entries.size <= this.limits.entries && this.bytes <= this.limits.bytes) break;
      this.entries.delete(oldest);
      this.bytes -= kept.length;
    }
  }

  private follow(index: { position: number }): void {
    if (index === this.index && index.position === this.position) return;
    this.entries.clear();
    this.bytes = 0;
    this.index = index;
    this.position = index.position;
  }
}

/** What a request's answer was asked as: its key, and the time point to give the bytes. */
interface Asked {
  key: string;
  position: number;
  /** null: a `reportedOn` answer, kept whole (its time point is the report's). */
  at: { asOf: string; knownAt: string } | null;
}

const TIME_PREFIX = /^\{"asOf":"[^"\\]*","knownAt":"[^"\\]*",/;

function asked(request: FastifyRequest, source: QuerySource, now: Date): Asked {
  const query: Record<string, unknown> =
    request.query && typeof request.query === 'object'
      ? Object.fromEntries(Object.entries(request.query))
      : {};
  const route = `${request.routeOptions.url ?? ''} ${JSON.stringify(request.params ?? {})}`;
  const index = source.index;
  const rest = (q: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(q)
        .sort()
        .map((k) => [k, q[k]]),
    );
  if (query.reportedOn !== undefined)
    return { key: `${route} ${rest(query)}`, position: index.position, at: null };
  const asOf = typeof query.asOf === 'string' ? asOfDate(query.asOf) : todayUtc(now);
  const knownAt = typeof query.knownAt === 'string' ? knownAtInstant(query.knownAt) : now.toISOString();
  const latest = index.lastRecordedAt === '' || Date.parse(knownAt) >= Date.parse(index.lastRecordedAt);
  delete query.asOf;
  delete query.knownAt;
  return {
    key: `${route} ${rest(query)} ${asOf} ${latest ? 'latest' : knownAt}`,
    position: index.position,
    at: { asOf, knownAt },
  };
}

const withTime = (at: { asOf: string; knownAt: string }, body: string) =>
  `{"asOf":${JSON.stringify(at.asOf)},"knownAt":${JSON.stringify(at.knownAt)},${body.slice(1)}`;

/** Serves `answerCache` routes' repeated GETs from the cache; runs after authentication. */
export const answerCaching = fp<{ cache: AnswerCache; source: QuerySource; clock: () => Date }>(
  (async (app, { cache, source, clock }) => {
    const pending = new WeakMap<FastifyRequest, Asked>();
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'GET' || request.routeOptions.config.answerCache !== true) return;
      const ask = asked(request, source, clock());
      const body = cache.get(source.index, ask.key);
      if (body === undefined) {
        pending.set(request, ask);
        return;
      }
      reply.header('content-type', 'application/json; charset=utf-8');
      return reply.send(ask.at ? withTime(ask.at, body) : body);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const ask = pending.get(request);
      if (!ask || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
      if (ask.at === null) cache.set(source.index, ask.position, ask.key, payload);
      else if (TIME_PREFIX.test(payload))
        cache.set(source.index, ask.position, ask.key, `{${payload.replace(TIME_PREFIX, '')}`);
      return payload;
    });
  }) satisfies FastifyPluginAsync<{ cache: AnswerCache; source: QuerySource; clock: () => Date }>,
  { name: 'answer-caching' },
);
