import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WriterUnavailableError } from '../../../errors.js';

const Health = z.strictObject({
  status: z.literal('ok'),
  /** Position of the last event in the log, -1 when empty. */
  headPosition: z.number().int(),
  store: z.string(),
  /** The store's own writer, where it has one (SQLite): how often it was replaced after stopping. */
  writer: z
    .strictObject({
      restarts: z.number().int().describe('Times the write thread stopped unexpectedly and was replaced.'),
      lastRestartAt: z.string().optional().describe('When it was last replaced (UTC ISO-8601).'),
    })
    .optional(),
});

/**
 * What /health may say about the store: its kind and file name, never the folders it sits in
 * (the route is public) nor a connection string's host or credentials.
 */
export function publicStoreName(storeName: string): string {
  const [kind, ...rest] = storeName.split(':');
  if (kind !== 'sqlite' || rest.length === 0) return kind ?? storeName;
  return `sqlite:${rest.join(':').split(/[\\/]/).pop() ?? ''}`;
}

/** Liveness and readiness: answers only once the store can be read, and 503 once it cannot write. */
export const healthRoutes: FastifyPluginAsyncZod<{ storeName: string }> = async (app, opts) => {
  app.get(
    '/health',
    {
      // Load balancers and container health checks poll this; counting them against a
      // client's rate limit would turn a busy minute into a false "unhealthy".
      config: { permission: 'public', rateLimit: false },
      schema: {
        tags: ['system'],
        security: [],
        summary: 'Health of the ledger and its store',
        response: { 200: Health },
      },
    },
    async () => {
      const health = app.ledger.store.writerHealth?.();
      // A ledger that can no longer record is not healthy, though it still reads: 503, so a
      // load balancer sends writers elsewhere and an operator restarts it.
      if (health && !health.writing) throw new WriterUnavailableError(false);
      const answer = {
        status: 'ok' as const,
        headPosition: await app.ledger.store.headPosition(),
        store: publicStoreName(opts.storeName),
      };
      if (!health) return answer;
      const { writing: _writing, ...writer } = health;
      return { ...answer, writer };
    },
  );
};
