import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  type FieldIssue,
  LedgerError,
  MethodNotAllowedError,
  RateLimitedError,
  StorageFullError,
} from '../errors.js';

/** An RFC 9457 problem document. `code` is the stable error code of src/errors.ts. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

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
function requestPartIssue(code: string, message: string): { errors?: FieldIssue[] } {
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return { errors: [{ path: 'headers.content-type', message }] };
  if (code.startsWith('FST_ERR_CTP_')) return { errors: [{ path: 'body', message }] };
  return {};
}

/**
 * Maps every error to problem+json. Ledger errors keep their status and code; schema failures
 * list each bad field; anything unexpected is a 500 whose body says nothing about internals
 * (the log has the details, keyed by the request id).
 */
export function problemHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  let problem: Problem;
  if (
    error instanceof LedgerError &&
    (error.status < 500 || error.status === 501 || error instanceof StorageFullError)
  ) {
    problem = {
      type: problemType(error.code),
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...error.details(),
    };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((v): FieldIssue[] => {
      const path = issuePath(error.validationContext, v.instancePath);
      // A strict schema reports unknown keys at their parent: name each unknown field instead.
      const keys = v.keyword === 'unrecognized_keys' ? v.params.keys : undefined;
      if (Array.isArray(keys) && keys.length > 0) {
        return keys.map((k) => ({ path: `${path}.${String(k)}`, message: 'is not a known field' }));
      }
      return [{ path, message: v.message ?? 'is invalid' }];
    });
    problem = {
      type: problemType('ValidationError'),
      title: 'Bad Request',
      status: 400,
      detail: `The request is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      code: 'ValidationError',
      errors,
    };
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    // fastify's own client errors (body too large, bad JSON, unsupported media type, rate limit)
    const status = error.statusCode;
    const code =
      status === 429 ? 'RateLimited' : 'code' in error && error.code ? String(error.code) : 'BadRequest';
    problem = {
      type: problemType(code),
      title: TITLES[status] ?? 'Bad Request',
      status,
      detail: error.message,
      code,
      ...requestPartIssue(code, error.message),
    };
  } else {
    request.log.error({ err: error, serialization: isResponseSerializationError(error) }, 'unhandled error');
    problem = {
      type: problemType('InternalError'),
      title: 'Internal Server Error',
      status: 500,
      detail: `The ledger could not complete this request. Quote request id ${request.id} when reporting it.`,
      code: 'InternalError',
    };
  }
  problem.instance = request.url.split('?')[0];
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="plan-ledger"');
  if (error instanceof MethodNotAllowedError) reply.header('allow', error.allow.join(', '));
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(problem.status).type('application/problem+json').send(problem);
}
