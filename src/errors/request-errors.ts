import { LedgerError } from './ledger-error.js';
import { NotFoundError } from './record-errors.js';

/** Errors about a request as such: who sent it, how often, its method, path and form. */

export class UnauthorizedError extends LedgerError {
  readonly code = 'UnauthorizedError';
  readonly status = 401;
}

export class ForbiddenError extends LedgerError {
  readonly code = 'ForbiddenError';
  readonly status = 403;
}

/**
 * An Idempotency-Key was sent again with a different request. The first answer stands; pick a
 * new key for a new action.
 */
export class IdempotencyKeyReuseError extends LedgerError {
  readonly code = 'IdempotencyKeyReuseError';
  readonly status = 422;
  constructor(readonly key: string) {
    super(
      'This Idempotency-Key was already used for a different request; use a new key for a new action, or resend the original request unchanged.',
    );
  }
  override details() {
    return {
      errors: [{ path: 'headers.idempotency-key', message: 'was already used for a different request' }],
    };
  }
}

/**
 * This server cannot do that, though the request was right: a part it needs is not installed
 * (e.g. Chromium for PDF export). The message says what to install or what to use instead.
 */
export class FeatureUnavailableError extends LedgerError {
  readonly code = 'FeatureUnavailable';
  readonly status = 501;
}

/** Too many requests of one kind from one caller; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends LedgerError {
  readonly code = 'RateLimitedError';
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
  override details() {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** The path exists, but not with this method; `allow` lists the methods it has. */
export class MethodNotAllowedError extends LedgerError {
  readonly code = 'MethodNotAllowedError';
  readonly status = 405;
  constructor(
    method: string,
    path: string,
    readonly allow: string[],
  ) {
    super(`${path} does not accept ${method}; it accepts ${allow.join(', ')}. See /docs for the API.`);
  }
  override details() {
    return { allow: this.allow };
  }
}

/**
 * The request as a whole could not be read (body not JSON, too large, of a type the API does not
 * take, headers too large): fastify's own client errors, with the status fastify chose. `part`
 * names what was wrong (`body` or `headers.content-type`) when it is one part of the request.
 */
export class BadRequestError extends LedgerError {
  readonly code = 'BadRequest';
  constructor(
    readonly status: number,
    message: string,
    readonly part?: string,
  ) {
    super(message);
  }
  override details() {
    return this.part ? { errors: [{ path: this.part, message: this.message }] } : {};
  }
}

/**
 * Too many requests from one key (or one address without a key) in the API's rate window
 * (`@fastify/rate-limit`); distinct from `RateLimitedError`, which throttles failed sign-ins.
 */
export class RateLimited extends LedgerError {
  readonly code = 'RateLimited';
  readonly status = 429;
}

/**
 * Anything unexpected. Its message names only the request id: 5xx answers never carry
 * internals (the log has them, keyed by the same id).
 */
export class InternalError extends LedgerError {
  readonly code = 'InternalError';
  readonly status = 500;
  constructor(requestId: string) {
    super(`The ledger could not complete this request. Quote request id ${requestId} when reporting it.`);
  }
}

/** No route has this path: a 404 like any other missing thing (`resource: 'route'`, `id`: method and path). */
export class RouteNotFoundError extends NotFoundError {
  constructor(method: string, path: string) {
    super('route', `${method} ${path}`);
    this.message = `No route ${method} ${path}; see /docs for the API.`;
  }
}
