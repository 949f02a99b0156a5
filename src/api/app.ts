import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { QuerySource } from '../../projections/runtime/queries.js';
import { ProjectionRunner } from '../../projections/runtime/runner.js';
import { DigestTracker } from '../app/digest-tracker.js';
import { ephemeralSigningKey, type SigningKey } from '../app/signing-key.js';
import { parseToken } from '../auth/api-key.js';
import type { KeyStore } from '../auth/key-store.js';
import { MethodNotAllowedError, RouteNotFoundError } from '../errors.js';
import { newUlid } from '../lib/id-source.js';
import type { EventStore } from '../store/event-store.js';
import { AllowedMethods } from './allowed-methods.js';
import { AnswerCache } from './answer-cache.js';
import { answerCaching } from './answer-caching.js';
import { answerSerializer } from './answer-writers.js';
import { authentication } from './auth.js';
import { AuthFailureLimiter } from './auth-failures.js';
import { clientErrorHandler } from './client-errors.js';
import { IdempotencyRecords } from './idempotency.js';
import { OpenStreams } from './open-streams.js';
import { withProblems } from './openapi-problems.js';
import { problemHandler } from './problem.js';
import { registerRoutes } from './routes/index.js';
import { SseTickets } from './sse-tickets.js';

/** What every route reaches through `app.ledger`. */
export interface LedgerContext {
  store: EventStore;
  /** The server clock: recordedAt and default effectiveOn come from here, never from a client. */
  clock: () => Date;
  keys: KeyStore;
  idempotency: IdempotencyRecords;
  tickets: SseTickets;
  /** The ledger's Merkle tree, kept up to date incrementally (digests, proofs, board reports). */
  digests: DigestTracker;
  /** Signs ledger digests (GET /ledger/digest). */
  signingKey: SigningKey;
  /** Open live streams: capped per key, ended when their key is revoked. */
  streams: OpenStreams;
  /** The read models every query route asks (the projection runner's index). */
  projections: QuerySource;
}

declare module 'fastify' {
  interface FastifyInstance {
    ledger: LedgerContext;
  }
}

export interface AppOptions {
  store: EventStore;
  /** Shown by /health, e.g. `sqlite:./data/ledger.sqlite`. */
  storeName: string;
  /**
   * API keys (src/auth/key-store.ts), folded from the store's `ledger-keys` stream; the app
   * keeps it current through the projection runner's subscription.
   */
  keys: KeyStore;
  clock?: () => Date;
  /** fastify logger setting (a level, optionally a stream to write to); off in tests. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** Largest accepted request body in bytes (default 256 KiB: the longest text field is 20,000 characters). */
  bodyLimit?: number;
  /** Requests per key (or per address without a key) per minute; false turns limiting off. Default 600. */
  rateLimitPerMinute?: number | false;
  /**
   * Check every response against its zod schema before sending it. Handlers are already typed
   * against those schemas at compile time, and re-validating cost 40% of a plan read (and a
   * third of a board summary), so the server skips it; the test suites turn it on, so a
   * projection that drifts from its published schema fails a test instead of a client.
   */
  validateResponses?: boolean;
  /**
   * A started projection runner (server.ts passes one with a data directory). Default: the app
   * starts an in-memory runner on the store and stops it when the app closes.
   */
  projections?: ProjectionRunner;
  /** How long an SSE ticket lives. Default 5 minutes. */
  sseTicketTtlMs?: number;
  /** Failed authentications per address per minute before 429; false turns it off. Default 20. */
  authFailuresPerMinute?: number | false;
  /** Live streams one key may hold open at once. Default 5. */
  streamsPerKey?: number;
  /** The key that signs digests (server.ts: the one in the data directory). Default: a new one in memory. */
  signingKey?: SigningKey;
  /** Serialized answers of the cached GET routes (src/api/answer-cache.ts). Default: a new one. */
  answerCache?: AnswerCache;
}

/** Requests are limited per key where one is presented (a shared NAT must not starve everyone), else per address. */
function rateLimitKey(request: { headers: Record<string, unknown>; ip: string }): string {
  const auth = request.headers.authorization;
  const header = request.headers['x-api-key'];
  const token =
    typeof auth === 'string' ? auth.replace(/^Bearer\s+/i, '') : typeof header === 'string' ? header : '';
  const parsed = parseToken(token);
  return parsed ? `key:${parsed.keyId}` : `ip:${request.ip}`;
}

/**
 * Builds the whole HTTP application without listening, so tests drive it with `inject` or a
 * real socket and `server.ts` only listens.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 262_144,
    genReqId: () => `req-${newUlid()}`,
    // Strict JSON only: a body is never silently coerced
    ajv: { customOptions: { removeAdditional: false } },
    // A malformed URL or request line is answered as problem+json like every other error.
    frameworkErrors: (error, request, reply) => problemHandler(error, request, reply),
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  const allowed = new AllowedMethods();
  allowed.attach(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(answerSerializer(options.validateResponses ? serializerCompiler : null));
  app.setErrorHandler(problemHandler);
  // JSON only: a text body is refused (415), never parsed into a string a schema might accept.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0] ?? request.url;
    const methods = allowed.for(path);
    if (methods.length > 0 && !methods.includes(request.method))
      throw new MethodNotAllowedError(request.method, path, methods);
    throw new RouteNotFoundError(request.method, path);
  });
  // Answers are about a ledger that moves: no cache may keep one (the dashboard's static files
  // set their own `no-cache` with an ETag).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  const tickets = new SseTickets(options.keys, options.sseTicketTtlMs);
  const keys = options.keys;
  const streams = new OpenStreams(
    options.streamsPerKey ?? 5,
    (keyId) => (keys.get(keyId)?.revokedAt ?? null) !== null,
  );
  const clock = options.clock ?? (() => new Date());
  let runner = options.projections;
  if (runner === undefined) {
    const own = new ProjectionRunner({ store: options.store, dataDir: null });
    await own.start();
    app.addHook('onClose', async () => own.stop());
    runner = own;
  }
  const running = runner;
  // New and revoked keys arrive through the subscription the runner already runs; the refresh
  // covers any key event delivered before this listener was attached.
  const detach = running.onSystemEvent((event) => options.keys.apply(event));
  app.addHook('onClose', async () => detach());
  await options.keys.refresh();
  // Queries default asOf / knownAt to "now" by the same clock that stamps writes.
  const projections: QuerySource = {
    get index() {
      return running.index;
    },
    // Swapped with the index on a rebuild: read both through the runner on every call.
    get counts() {
      return running.counts;
    },
    now: clock,
  };
  app.decorate('ledger', {
    store: options.store,
    clock,
    keys: options.keys,
    idempotency: new IdempotencyRecords(options.store, clock),
    tickets,
    digests: new DigestTracker(options.store),
    signingKey: options.signingKey ?? ephemeralSigningKey(),
    streams,
    projections,
  });

  await app.register(helmet, {
    // The API answers JSON; only /docs serves a page, and swagger-ui sets its own CSP there.
    contentSecurityPolicy: { directives: { 'default-src': ["'self'"] } },
  });
  if (options.rateLimitPerMinute !== false) {
    await app.register(rateLimit, {
      global: true,
      max: options.rateLimitPerMinute ?? 600,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new Error(`Too many requests: at most ${context.max} per minute; retry after ${context.after}.`),
          {
            statusCode: 429,
          },
        ),
    });
  }
  await app.register(authentication, {
    keys: options.keys,
    tickets,
    failures:
      options.authFailuresPerMinute === false
        ? null
        : new AuthFailureLimiter(options.authFailuresPerMinute ?? 20),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plan Ledger API',
        description:
          'Event-sourced audit ledger for inspection improvement plans. Send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: withProblems,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Swagger UI sets style attributes from its script, which 'self' alone refuses (a CSP error
    // in every reader's console). Inline style only, on /docs only: scripts stay 'self'.
    transformStaticCSP: (header) => header.replace(/style-src ([^;]*);/, "style-src $1 'unsafe-inline';"),
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () =>
    app.swagger(),
  );

  // After authentication (onRequest) and validation: a cached answer still needs a valid key.
  await app.register(answerCaching, {
    cache: options.answerCache ?? new AnswerCache(),
    source: projections,
    clock,
  });
  await registerRoutes(app, { storeName: options.storeName });
  return app;
}
