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
  /** The index the version was read from (a rebuild swaps it), and its log position then. */
  index: AsOfIndex;
  position: number;
  /** null: a `reportedOn` answer, kept whole (its time point is the report's). */
  at: { asOf: string; knownAt: string } | null;
}

/** The query's parameters but the time point, in a stable order ('[]' for none, the usual case). */
function rest(q: Record<string, unknown>): string {
  const keys: string[] = [];
  for (const k in q) if (k !== 'asOf' && k !== 'knownAt' && q[k] !== undefined) keys.push(k);
  if (keys.length === 0) return '[]';
  return JSON.stringify(keys.sort().map((k) => [k, q[k]]));
}

const TIME_PREFIX = /^\{"asOf":"[^"\\]*","knownAt":"[^"\\]*",/;

/**
 * The version of what the request's answer reads: the route's own (`{ version }`), else the log
 * position. A `reportedOn` answer reads the board's reports too: always the log position.
 */
function versionOf(request: FastifyRequest, index: AsOfIndex, reportedOn: boolean): number {
  const config = request.routeOptions.config.answerCache;
  return reportedOn || typeof config !== 'object' ? index.position : config.version(request.params, index);
}

/** `Date.parse` of the index's latest recordedAt, parsed once per value (it is asked on every request). */
const latestMs = { text: '', ms: Number.NEGATIVE_INFINITY };
function lastRecordedMs(index: AsOfIndex): number {
  if (latestMs.text !== index.lastRecordedAt) {
    latestMs.text = index.lastRecordedAt;
    latestMs.ms = index.lastRecordedAt === '' ? Number.NEGATIVE_INFINITY : Date.parse(index.lastRecordedAt);
  }
  return latestMs.ms;
}

function asked(request: FastifyRequest, source: QuerySource, now: Date): Asked | null {
  const config = request.routeOptions.config.answerCache;
  if (request.method !== 'GET' || config === undefined || config === false) return null;
  // The validated query, read and never written: a copy with keys deleted was a slow object.
  const query: Record<string, unknown> =
    request.query && typeof request.query === 'object' ? (request.query as Record<string, unknown>) : {};
  const route = `${request.routeOptions.url ?? ''} ${JSON.stringify(request.params ?? {})}`;
  const index = source.index;
  const position = index.position;
  const reportedOn = query.reportedOn !== undefined;
  const version = versionOf(request, index, reportedOn);
  if (reportedOn) return { key: `${route} ${rest(query)}`, version, index, position, at: null };
  const asOf = typeof query.asOf === 'string' ? asOfDate(query.asOf) : todayUtc(now);
  const knownAt = typeof query.knownAt === 'string' ? knownAtInstant(query.knownAt) : now.toISOString();
  // At or after the latest event the index holds, knownAt changes nothing: every such request
  // (the default "now" above all) shares one entry, given its own knownAt when served.
  const knownAtMs = typeof query.knownAt === 'string' ? Date.parse(knownAt) : now.getTime();
  const latest = knownAtMs >= lastRecordedMs(index);
  return {
    key: `${route} ${rest(query)} ${asOf} ${latest ? 'latest' : knownAt}`,
    version,
    index,
    position,
    at: { asOf, knownAt },
  };
}

/**
 * Whether what the answer reads is still at the version it was asked at (no event in between).
 * With the log where it was, no version can have moved: only an event moves one.
 */
function stillAt(ask: Asked, request: FastifyRequest, source: QuerySource): boolean {
  if (source.index !== ask.index) return false;
  if (ask.index.position === ask.position) return true;
  return versionOf(request, ask.index, ask.at === null) === ask.version;
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
