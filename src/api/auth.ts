import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { KeyStore } from '../auth/key-store.js';
import type { Principal } from '../auth/principal.js';
import { minimumRole, type Permission, roleAllows } from '../auth/roles.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { AuthFailureLimiter } from './auth-failures.js';
import type { SseTickets } from './sse-tickets.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; a route that does not say needs `administer` (default deny). */
    permission?: Permission;
    /** The route also accepts a short-lived SSE ticket cookie (EventSource cannot send headers). */
    acceptsSseTicket?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes and before authentication. */
    principal: Principal | null;
  }
}

/** The cookie that carries an SSE ticket (see sse-tickets.ts). */
export const SSE_TICKET_COOKIE = 'ledger_sse_ticket';

/** Paths served by plugins (swagger UI) or with no key by design. */
function isPublicPath(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return path === '/health' || path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/');
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`; never from the URL. */
function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match?.[1] ?? auth;
  }
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header;
  return null;
}

function cookieValue(request: FastifyRequest, name: string): string | null {
  const cookies = request.headers.cookie;
  if (typeof cookies !== 'string') return null;
  for (const part of cookies.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/**
 * Authentication and role checks, before anything else runs (onRequest), so an anonymous or
 * under-privileged caller learns nothing from validation errors. 401: no usable key; 403: a
 * valid key whose role is too low. Portfolio scoping of contributors is checked by the write
 * routes, which know the item.
 */
const authPlugin: FastifyPluginAsync<{
  keys: KeyStore;
  tickets: SseTickets;
  /** Failed authentications per address; null: unlimited (tests that probe many bad keys). */
  failures: AuthFailureLimiter | null;
}> = async (app, opts) => {
  /** Counts and logs a refused credential, then throws the 401. */
  const refuse = (request: FastifyRequest, reason: string, message: string): never => {
    const count = opts.failures?.record(request.ip) ?? 0;
    request.log.warn({ reason, address: request.ip, failuresInWindow: count }, 'authentication failed');
    throw new UnauthorizedError(message);
  };
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    const matched = request.routeOptions.url !== undefined;
    const permission: Permission =
      config.permission ?? (!matched || isPublicPath(request.url) ? 'public' : 'administer');
    if (permission === 'public') return;

    let principal: Principal | null = null;
    const token = presentedKey(request);
    const ticket = token === null && config.acceptsSseTicket ? cookieValue(request, SSE_TICKET_COOKIE) : null;
    // An address that keeps failing is refused before its credential is looked at, so guessing
    // keys learns nothing more (not even which guess was right) until the window slides.
    if (token !== null || ticket !== null) opts.failures?.check(request.ip);
    if (token !== null) {
      const result = opts.keys.authenticate(token);
      if (!result.ok) {
        refuse(
          request,
          result.reason,
          result.reason === 'revoked'
            ? 'This API key has been revoked; ask an admin for a new one.'
            : 'The API key is not valid; check it, or ask an admin for a new one.',
        );
      } else principal = result.principal;
    } else if (ticket !== null) {
      principal = opts.tickets.redeem(ticket);
      // A ticket outlives nothing: a key revoked since the ticket was issued stops it too.
      if (principal !== null && opts.keys.get(principal.keyId)?.revokedAt !== null) principal = null;
      if (principal === null)
        refuse(request, 'ticket', 'The SSE ticket has expired; request a new one from POST /stream/tickets.');
    }
    if (principal === null) {
      throw new UnauthorizedError(
        'An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
      );
    }
    request.principal = principal;
    if (!roleAllows(principal.role, permission)) {
      throw new ForbiddenError(
        `This needs the ${minimumRole(permission)} role or higher; key ${principal.keyId} is a ${principal.role}.`,
      );
    }
  });
};

export const authentication = fp(authPlugin, { name: 'ledger-auth' });

/** The principal of an authenticated route (the hook guarantees one; this narrows the type). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new UnauthorizedError('An API key is required.');
  return request.principal;
}
