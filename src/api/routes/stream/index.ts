import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecordedEvent } from '../../../domain/envelope.js';
import { isSystemStream } from '../../../domain/system-streams.js';
import { principalOf, SSE_TICKET_COOKIE } from '../../auth.js';
import { resolveResumeCursor } from '../../log-cursor.js';
import { SseBody, StreamHeaders, StreamQuery, Ticket } from './schema.js';

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

const frame = (event: RecordedEvent) =>
  `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Server-sent events of new ledger events for live dashboards. Each frame's `id` is the
 * event's global position, so a reconnecting EventSource resumes exactly after the last
 * event it saw (`Last-Event-ID`), through the store's catch-up-then-live subscription.
 */
export const streamRoutes: FastifyPluginAsyncZod = async (app) => {
  // Open streams never end by themselves: closing the app ends them, or close() would wait forever.
  const open = app.ledger.streams;
  // preClose: before the server waits for connections to finish.
  app.addHook('preClose', async () => open.endAll());

  app.post(
    '/stream/tickets',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['live'],
        summary: 'Get a short-lived cookie ticket for EventSource (which cannot send a key header)',
        response: { 201: Ticket },
      },
    },
    async (request, reply) => {
      const { ticket, expiresAt } = app.ledger.tickets.issue(principalOf(request));
      const maxAge = Math.floor(app.ledger.tickets.ttlMs / 1000);
      const secure = request.protocol === 'https' ? '; Secure' : '';
      reply.header(
        'set-cookie',
        `${SSE_TICKET_COOKIE}=${ticket}; Path=/stream; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`,
      );
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ expiresAt: expiresAt.toISOString() });
    },
  );

  app.get(
    '/stream',
    {
      config: { permission: 'read', acceptsSseTicket: true, rateLimit: false },
      schema: {
        tags: ['live'],
        summary: 'Server-sent events of new ledger events, resumable with Last-Event-ID',
        description:
          'Each frame: `id` = global position, `event` = event type, `data` = the event as in GET /events. Without Last-Event-ID, starts at the current head (new events only). A Last-Event-ID that is not the position of an event of this ledger (from another store, or past its head) is a 400 naming `headers.last-event-id`: reconnect without it.',
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: {
          200: {
            description: 'An endless text/event-stream',
            content: { 'text/event-stream': { schema: SseBody } },
          },
        },
      },
    },
    async (request, reply) => {
      const { streamId, type } = request.query;
      const lastId = request.headers['last-event-id'];
      // A Last-Event-ID this ledger cannot resume after (another store's position, one past its
      // head) is a 400 naming the header before the stream starts; a browser's EventSource
      // then reconnects afresh (src/web/live.js), never into a stream that dies on it.
      const store = app.ledger.store;
      const after =
        lastId !== undefined
          ? await resolveResumeCursor(store, Number(lastId), 'headers.last-event-id')
          : await store.headPosition();
      // Claimed before the answer starts, so an over-cap request is an ordinary 429.
      let ender: () => void = () => {};
      const release = open.add(principalOf(request).keyId, () => ender());
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
        // Tell nginx-style proxies not to buffer the stream.
        'x-accel-buffering': 'no',
      });
      raw.write(`retry: 2000\n: resuming after position ${after}\n\n`);
      const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const subscription = app.ledger.store.subscribe({ after: after < 0 ? null : after }, async (event) => {
        // Dashboards follow plan events; key and idempotency records are not theirs to see.
        if (isSystemStream(event.streamId)) return;
        if (streamId !== undefined && event.streamId !== streamId) return;
        if (type !== undefined && event.type !== type) return;
        if (raw.destroyed) return;
        // Back-pressure: a slow client holds its own subscription back, not the server's memory.
        if (!raw.write(frame(event))) {
          await new Promise<void>((resolve) => {
            raw.once('drain', resolve);
            raw.once('close', resolve);
          });
        }
      });
      const stop = () => {
        release();
        clearInterval(heartbeat);
        void subscription.close();
      };
      const end = () => {
        stop();
        raw.end();
        // The socket would otherwise linger as keep-alive and hold the server's close open.
        raw.socket?.destroy();
      };
      ender = end;
      request.raw.once('close', stop);
      subscription.done.catch((error: unknown) => {
        request.log.error({ err: error }, 'live stream subscription failed');
        end();
      });
    },
  );
};
