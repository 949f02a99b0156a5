import { type FieldIssue, LedgerError } from './ledger-error.js';

/** Errors about what is recorded: input, streams, rules, stored events, the store itself. */

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
