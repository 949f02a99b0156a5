/** The catalogue's base: field issues, the stable codes, and the class every error extends. */

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

/** Every stable error code of the catalogue; the API documents them from this list (src/api/problem-schema.ts). */
export const ERROR_CODES = [
  'ValidationError',
  'NotFoundError',
  'ConcurrencyError',
  'DuplicateEventError',
  'RuleViolation',
  'CorruptEventError',
  'UnauthorizedError',
  'ForbiddenError',
  'IdempotencyKeyReuseError',
  'IntegrityError',
  'FeatureUnavailable',
  'RateLimitedError',
  'RateLimited',
  'MethodNotAllowedError',
  'StorageFullError',
  'WriterUnavailableError',
  'BadRequest',
  'InternalError',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Base class: `status` is the HTTP status the API answers with. */
export abstract class LedgerError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  /** Extra members for the problem document (RFC 9457 extension members). */
  details(): Record<string, unknown> {
    return {};
  }
}
