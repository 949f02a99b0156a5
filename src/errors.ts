/**
 * The one error catalogue of the ledger. Every failure a caller can act on is one of these,
 * with a stable `code`; the HTTP layer maps them to problem+json in a single handler, so the
 * codes (not the messages) are the contract.
 */

/** One field-level problem: `path` is the dotted location in the input, `message` the reason. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * A schema failure as field issues, each path dotted and under `prefix` (`command.data.rag`,
 * `events.0.eventId`); a problem with the whole input is `(root)`. Takes zod's error shape
 * without importing zod, so the catalogue stays a leaf module.
 */
export function fieldIssues(
  error: { readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[] },
  prefix?: string,
): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
}

export type ErrorCode =
  | 'ValidationError'
  | 'NotFoundError'
  | 'ConcurrencyError'
  | 'DuplicateEventError'
  | 'RuleViolation'
  | 'CorruptEventError'
  | 'UnauthorizedError'
  | 'ForbiddenError'
  | 'IdempotencyKeyReuseError'
  | 'IntegrityError'
  | 'FeatureUnavailable'
  | 'RateLimitedError'
  | 'RateLimited'
  | 'MethodNotAllowedError'
  | 'StorageFullError'
  | 'WriterUnavailableError'
  | 'BadRequest'
  | 'InternalError';

/** Base class: `status` is the HTTP status the API answers with. */
export abstract class LedgerError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  /** Extra members for the problem document (RFC 9457 extension members). */
  details(): Record<string, unknown> {
    return {};
  }
}

/** Input did not match its schema; nothing was appended. */
export class ValidationError extends LedgerError {
  readonly code = 'ValidationError';
  readonly status = 400;
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
  override details() {
    return { errors: this.issues };
  }
}

export class NotFoundError extends LedgerError {
  readonly code = 'NotFoundError';
  readonly status = 404;
  constructor(
    readonly resource: string,
    readonly id: string,
    /** A sentence in the reader's words, when "<resource> <id> was not found" says too little. */
    message?: string,
    /** Extra members for the problem document (e.g. the earliest report there is). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? `${resource} ${id} was not found`);
  }
  override details() {
    return { resource: this.resource, id: this.id, ...this.extra };
  }
}

/** What a writer expected a stream's revision to be. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * The stream moved on since the writer read it. `actual` is -1 when the stream does not exist.
 * Retry by re-reading the stream, never by overwriting.
 */
export class ConcurrencyError extends LedgerError {
  readonly code = 'ConcurrencyError';
  readonly status = 409;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
  }
  override details() {
    return { streamId: this.streamId, expectedRevision: this.expected, currentRevision: this.actual };
  }
}

/** An event id is already stored, but not at the place this append would put it. */
export class DuplicateEventError extends LedgerError {
  readonly code = 'DuplicateEventError';
  readonly status = 409;
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event ${eventId} is already stored elsewhere than at this append's place in ${streamId}`);
  }
  override details() {
    return { eventId: this.eventId, streamId: this.streamId };
  }
}

/**
 * What a rule was judged on, for machines: ids and ISO dates (`{ planId, effectiveOn,
 * receivedOn }`). The message names the same things as a person reads them (a plan by its
 * portfolio, an item by its ref, "24 April 2009"), so it never has to carry an id.
 */
export type RuleFacts = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/**
 * A command broke a business rule (e.g. completing an item twice). `rule` is a stable
 * machine-readable name of the rule; `facts` the ids and dates it was judged on (problem+json
 * member `facts`); the message is for people and carries neither ids nor ISO dates.
 */
export class RuleViolation extends LedgerError {
  readonly code = 'RuleViolation';
  readonly status = 422;
  constructor(
    readonly rule: string,
    message: string,
    readonly field?: string,
    readonly facts: RuleFacts = {},
  ) {
    super(message);
  }
  override details() {
    return {
      rule: this.rule,
      ...(Object.keys(this.facts).length > 0 ? { facts: this.facts } : {}),
      ...(this.field ? { errors: [{ path: this.field, message: this.message }] } : {}),
    };
  }
}

/** A stored event could not be understood: unknown type or version, or data that fails its schema. */
export class CorruptEventError extends LedgerError {
  readonly code = 'CorruptEventError';
  readonly status = 500;
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly reason: string,
  ) {
    super(`stored event ${eventId} (${eventType}) cannot be read: ${reason}`);
  }
}

/** Verification found a hash or chain that does not match what was recomputed. */
export class IntegrityError extends LedgerError {
  readonly code = 'IntegrityError';
  readonly status = 500;
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`integrity check failed at event ${eventId}: ${reason}`);
  }
}

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
 * The ledger's disk (or its configured size limit) is full: nothing of the request was written.
 * 507, so a client knows retrying now is pointless until an operator frees space.
 */
export class StorageFullError extends LedgerError {
  readonly code = 'StorageFullError';
  readonly status = 507;
  constructor(readonly where: string) {
    super(
      `The ledger's storage is full (${where}); nothing of this request was written. Free disk space (or raise the size limit), then retry the same request.`,
    );
  }
}

/**
 * The store's writer stopped while this request's write was with it (`unconfirmed`: it may or may
 * not have been recorded) or has stopped for good. Says what to check and what to do next.
 */
export class WriterUnavailableError extends LedgerError {
  readonly code = 'WriterUnavailableError';
  readonly status = 503;
  constructor(readonly unconfirmed: boolean) {
    super(
      unconfirmed
        ? "The ledger's writer stopped before it could confirm this write, so it may or may not have been recorded (the writer has been restarted). Check the record's history before sending it again, or retry with the same Idempotency-Key."
        : "The ledger's writer has stopped and cannot record anything; nothing of this request was written. Restart the server, and look in its log for why the writer stopped.",
    );
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
