import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  BadRequestError,
  type FieldIssue,
  InternalError,
  LedgerError,
  MethodNotAllowedError,
  RateLimited,
  RateLimitedError,
  StorageFullError,
  ValidationError,
  WriterUnavailableError,
} from '../errors.js';
import type { Problem } from './problem-schema.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  507: 'Insufficient Storage',
};

const problemType = (code: string) => `https://plan-ledger.dev/problems/${code}`;

/** Where in the request a schema issue was found, as a dotted path prefixed by its part. */
function issuePath(part: string | undefined, path: string): string {
  const where = part === 'querystring' ? 'query' : (part ?? 'body');
  const trimmed = path.replace(/^\//, '').replaceAll('/', '.');
  return trimmed ? `${where}.${trimmed}` : where;
}

/**
 * fastify's body errors (bad JSON, wrong media type, too large) concern the body or its
 * content type as a whole: name that part so clients can show it like any field error.
 */
function requestPart(fastifyCode: string): string | undefined {
  if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'headers.content-type';
  if (fastifyCode.startsWith('FST_ERR_CTP_')) return 'body';
  return undefined;
}

/** Whether a ledger error's message may be shown: client errors, 501 and 507 say what to do. */
const isShowable = (error: LedgerError) =>
  error.status < 500 ||
  error.status === 501 ||
  error instanceof StorageFullError ||
  error instanceof WriterUnavailableError;

/**
 * Every error as an error of the catalogue (src/errors.ts): schema failures as a
 * ValidationError naming each bad field, fastify's own client errors (body, media type, rate
 * limit) as BadRequest / RateLimited, anything unexpected as an InternalError that says nothing
 * about internals (the log has the details, keyed by the request id).
 */
function catalogued(error: FastifyError | Error, request: FastifyRequest): LedgerError {
  if (error instanceof LedgerError && isShowable(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((v): FieldIssue[] => {
      const path = issuePath(error.validationContext, v.instancePath);
      // A strict schema reports unknown keys at their parent: name each unknown field instead.
      const keys = v.keyword === 'unrecognized_keys' ? v.params.keys : undefined;
      if (Array.isArray(keys) && keys.length > 0) {
        return keys.map((k) => ({ path: `${path}.${String(k)}`, message: 'is not a known field' }));
      }
      return [{ path, message: v.message ?? 'is invalid' }];
    });
    return new ValidationError(
      `The request is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    if (error.statusCode === 429) return new RateLimited(error.message);
    const fastifyCode = 'code' in error && error.code ? String(error.code) : '';
    return new BadRequestError(error.statusCode, error.message, requestPart(fastifyCode));
  }
  request.log.error({ err: error, serialization: isResponseSerializationError(error) }, 'unhandled error');
  return new InternalError(String(request.id));
}

/** Maps every error to problem+json, through the catalogue: one shape for every answer. */
export function problemHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  const known = catalogued(error, request);
  const problem: Problem = {
    type: problemType(known.code),
    title: TITLES[known.status] ?? (known.status < 500 ? 'Bad Request' : 'Error'),
    status: known.status,
    detail: known.message,
    code: known.code,
    ...known.details(),
  };
  problem.instance = request.url.split('?')[0];
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="plan-ledger"');
  if (known instanceof MethodNotAllowedError) reply.header('allow', known.allow.join(', '));
  if (known instanceof RateLimitedError) reply.header('retry-after', String(known.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
