import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AsOfIndex } from '../../projections/as-of-index.js';
import type { QuerySource } from '../../projections/runtime/query-time.js';
import { asOfDate, knownAtInstant, todayUtc } from '../../projections/time.js';
import type { AnswerCache } from './answer-cache.js';

/**
 * The version of what a route's answer reads, for the answer cache: the same number means the
 * same bytes at the same (query, time point). `params` are the route's path parameters, already
 * validated.
 */
export type AnswerVersion = (params: unknown, index: AsOfIndex) => number;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * GET answers of this route are kept serialized per (query, time point) and version: `true`
     * versions them by log position (any event moves it), `{ version }` by the route's own.
     */
    answerCache?: boolean | { version: AnswerVersion };
  }
}

/** What a request's answer was asked as: its key, its version, and the time point to give the bytes. */
interface Asked {
  key: string;
  version: number;
  /** The index the version was read from (a rebuild swaps it). */
  index: AsOfIndex;
  /** null: a `reportedOn` answer, kept whole (its time point is the report's). */
  at: { asOf: string; knownAt: string } | null;
}

/** The query's other parameters, in a stable order. */
const rest = (q: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(q)
      .sort()
      .map((k) => [k, q[k]]),
  );

const TIME_PREFIX = /^\{"asOf":"[^"\\]*","knownAt":"[^"\\]*",/;

/**
 * The version of what the request's answer reads: the route's own (`{ version }`), else the log
 * position. A `reportedOn` answer reads the board's reports too: always the log position.
 */
function versionOf(request: FastifyRequest, index: AsOfIndex, reportedOn: boolean): number {
  const config = request.routeOptions.config.answerCache;
  return reportedOn || typeof config !== 'object' ? index.position : config.version(request.params, index);
}

function asked(request: FastifyRequest, source: QuerySource, now: Date): Asked | null {
  const config = request.routeOptions.config.answerCache;
  if (request.method !== 'GET' || config === undefined || config === false) return null;
  const query: Record<string, unknown> =
    request.query && typeof request.query === 'object'
      ? Object.fromEntries(Object.entries(request.query))
      : {};
  const route = `${request.routeOptions.url ?? ''} ${JSON.stringify(request.params ?? {})}`;
  const index = source.index;
  const reportedOn = query.reportedOn !== undefined;
  const version = versionOf(request, index, reportedOn);
  if (reportedOn) return { key: `${route} ${rest(query)}`, version, index, at: null };
  const asOf = typeof query.asOf === 'string' ? asOfDate(query.asOf) : todayUtc(now);
  const knownAt = typeof query.knownAt === 'string' ? knownAtInstant(query.knownAt) : now.toISOString();
  // At or after the latest event the index holds, knownAt changes nothing: every such request
  // (the default "now" above all) shares one entry, given its own knownAt when served.
  const latest = index.lastRecordedAt === '' || Date.parse(knownAt) >= Date.parse(index.lastRecordedAt);
  delete query.asOf;
  delete query.knownAt;
  return {
    key: `${route} ${rest(query)} ${asOf} ${latest ? 'latest' : knownAt}`,
    version,
    index,
    at: { asOf, knownAt },
  };
}

/** Whether what the answer reads is still at the version it was asked at (no event in between). */
function stillAt(ask: Asked, request: FastifyRequest, source: QuerySource): boolean {
  return source.index === ask.index && versionOf(request, ask.index, ask.at === null) === ask.version;
}

/** The kept text with this request's time point in front (a rope: Node flattens it once, writing it). */
const withTime = (at: { asOf: string; knownAt: string }, body: string) =>
  `{"asOf":${JSON.stringify(at.asOf)},"knownAt":${JSON.stringify(at.knownAt)},${body}`;

/**
 * Serves `answerCache` routes' repeated GETs from the cache; runs after authentication and
 * validation. A miss's JSON is sent as it is and kept (the rest after its time point, a slice
 * of the same string) when the version it was read at is still the current one.
 */
export const answerCaching = fp<{ cache: AnswerCache; source: QuerySource; clock: () => Date }>(
  (async (app, { cache, source, clock }) => {
    const pending = new WeakMap<FastifyRequest, Asked>();
    app.addHook('preHandler', async (request, reply) => {
      const ask = asked(request, source, clock());
      if (ask === null) return;
      const body = cache.get(ask.index, ask.key, ask.version);
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
      const from = ask.at === null ? 0 : (TIME_PREFIX.exec(payload)?.[0].length ?? -1);
      if (from < 0) return payload;
      if (stillAt(ask, request, source)) cache.set(ask.index, ask.key, ask.version, payload.slice(from));
      return payload;
    });
  }) satisfies FastifyPluginAsync<{ cache: AnswerCache; source: QuerySource; clock: () => Date }>,
  { name: 'answer-caching' },
);
