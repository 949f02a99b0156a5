import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { EventStore } from '../store/event-store.js';
import { problemHandler } from './problem.js';
import { eventRoutes } from './routes/events/index.js';
import { healthRoutes } from './routes/health/index.js';

/** What every route reaches through `app.ledger`. */
export interface LedgerContext {
  store: EventStore;
  /** The server clock: recordedAt and default effectiveOn come from here, never from a client. */
  clock: () => Date;
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
  clock?: () => Date;
  /** fastify logger setting; off in tests. */
  logger?: boolean | { level: string };
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
}

/**
 * Builds the whole HTTP application without listening, so tests drive it with `inject` or a
 * real socket and `server.ts` only listens.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Strict JSON only: a body is never silently coerced
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemHandler);
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'https://plan-ledger.dev/problems/NotFoundError',
        title: 'Not Found',
        status: 404,
        code: 'NotFoundError',
        detail: `No route ${request.method} ${request.url.split('?')[0]}; see /docs for the API.`,
      }),
  );
  app.decorate('ledger', { store: options.store, clock: options.clock ?? (() => new Date()) });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Plan Ledger API',
        description: 'Event-sourced audit ledger for inspection improvement plans.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { storeName: options.storeName });
  await app.register(eventRoutes);
  return app;
}
