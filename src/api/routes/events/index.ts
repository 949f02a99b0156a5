import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecordedEvent } from '../../../domain/envelope.js';
import { isSystemStream } from '../../../domain/system-streams.js';
import { readLogPages } from '../../../store/read-log.js';
import { principalOf } from '../../auth.js';
import { readingFrom } from '../../log-cursor.js';
import { EventsPage, EventsQuery } from './schema.js';

/** How many log entries one request may scan to fill a filtered page (bounds API4 resource use). */
const MAX_SCAN = 10_000;

function matches(event: RecordedEvent, q: EventsQuery): boolean {
  if (q.streamId !== undefined && event.streamId !== q.streamId) return false;
  if (q.type !== undefined && event.type !== q.type) return false;
  if (q.effectiveFrom !== undefined && event.effectiveOn < q.effectiveFrom) return false;
  if (q.effectiveTo !== undefined && event.effectiveOn > q.effectiveTo) return false;
  return true;
}

/** The raw ledger for auditors: every event with its envelope, in global order. */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['ledger'],
        summary: 'The raw ledger in global order, paged by position',
        querystring: EventsQuery,
        response: { 200: EventsPage },
      },
    },
    async (request) => {
      const q = request.query;
      // Key and idempotency records are the ledger's own bookkeeping: only an admin lists them.
      const seesSystem = principalOf(request).role === 'admin';
      const store = app.ledger.store;
      const head = await store.headPosition();
      const found: RecordedEvent[] = [];
      let after = q.after ?? -1;
      let scanned = 0;
      // Stopped early (page full or scan bound reached) rather than at the end of the log.
      let stopped = false;
      const pages = readLogPages(store, { pageSize: 1000, after });
      scan: for await (const page of readingFrom(pages, 'query.after')) {
        for (const event of page) {
          scanned++;
          after = event.position;
          if ((seesSystem || !isSystemStream(event.streamId)) && matches(event, q)) found.push(event);
          if (found.length === q.limit || scanned >= MAX_SCAN) {
            stopped = true;
            break scan;
          }
        }
      }
      const nextAfter = !stopped || after >= head ? null : after;
      return { events: found, nextAfter, headPosition: head };
    },
  );
};
