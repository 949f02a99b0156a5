import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** The dashboard's assets (src/web): plain files, no build step. */
const WEB_DIR = new URL('../../../web/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Only plain lower-case names with a known type are served: nothing else in the folder leaks out. */
const SERVABLE = /^[a-z0-9][a-z0-9-]*\.(html|js|css|svg)$/;

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Reads every servable asset once, at start-up. A fixed in-memory table has no path to
 * traverse, and the dozen small files cost nothing to hold; changing them needs a restart,
 * as changing the server's code does.
 */
export function loadWebAssets(dir: URL = WEB_DIR): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const match = SERVABLE.exec(name);
    const type = match?.[1] && CONTENT_TYPES[match[1]];
    if (!type) continue;
    const body = readFileSync(new URL(name, dir));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    assets.set(name, { body, type, etag });
  }
  return assets;
}

/**
 * The web dashboard: `/` is its page and `/web/<file>` its scripts and styles. Public on
 * purpose: the page holds no data; it asks for an API key and sends it as a header on every
 * API call, so loading the shell reveals nothing. `no-cache` with an ETag: browsers revalidate,
 * so a deployed change shows on the next load without stale scripts mixing with new ones.
 */
export const webRoutes: FastifyPluginAsync = async (app) => {
  const assets = loadWebAssets();
  const send = (name: string, request: FastifyRequest, reply: FastifyReply) => {
    const asset = assets.get(name);
    if (!asset) return reply.callNotFound();
    reply.header('cache-control', 'no-cache').header('etag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    return reply.type(asset.type).send(asset.body);
  };
  const route = { schema: { hide: true }, config: { permission: 'public' as const } };
  app.get('/', route, (request, reply) => send('index.html', request, reply));
  app.get<{ Params: { file: string } }>('/web/:file', route, (request, reply) =>
    send(request.params.file, request, reply),
  );
};
