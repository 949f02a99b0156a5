import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

/** One field a request got wrong: where (`body.data.rag`, `query.asOf`) and what is wrong with it. */
export const ProblemFieldIssue = z.strictObject({
  path: z
    .string()
    .describe('Dotted path of the field, prefixed by the request part (body, query, params, headers).'),
  message: z.string().describe('What is wrong with it, in words a person can act on.'),
});
export type ProblemFieldIssue = z.infer<typeof ProblemFieldIssue>;

/** The stable codes of the error catalogue (src/errors.ts). */
export const ProblemCode = z.enum(ERROR_CODES);
export type ProblemCode = z.infer<typeof ProblemCode>;

/**
 * Every error answer of the API: an RFC 9457 problem document (`application/problem+json`).
 * Clients branch on `code` (stable) and, for a broken rule, `rule` and `facts`; `detail` is for
 * people and never carries ids or ISO dates. Loose: an error may add members of its own (a
 * conflict's `currentRevision`, a 404's `resource`), documented here where they are known.
 */
export const Problem = z
  .looseObject({
    type: z.string().describe('A URI naming the kind of problem; one per `code`.'),
    title: z.string().describe("The HTTP status's reason phrase."),
    status: z.number().int().describe('The HTTP status of this answer.'),
    detail: z.string().describe('What went wrong and what to do next, in words.'),
    code: ProblemCode.describe('Stable error code of the catalogue.'),
    instance: z.string().optional().describe('The request path the problem is about.'),
    errors: z
      .array(ProblemFieldIssue)
      .optional()
      .describe('Each field the request got wrong (validation, a rule about one field).'),
    rule: z.string().optional().describe('RuleViolation: machine-readable name of the broken rule.'),
    facts: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
      .optional()
      .describe(
        'RuleViolation: the ids and ISO dates the rule was judged on (e.g. itemId, effectiveOn, receivedOn).',
      ),
    resource: z.string().optional().describe('NotFoundError: the kind of thing not found.'),
    id: z.string().optional().describe('NotFoundError: the id that was asked for.'),
    streamId: z.string().optional().describe('ConcurrencyError, DuplicateEventError: the stream concerned.'),
    expectedRevision: z
      .union([z.number(), z.string()])
      .optional()
      .describe('ConcurrencyError: the revision the writer expected.'),
    currentRevision: z
      .number()
      .optional()
      .describe('ConcurrencyError: the stream revision now (-1: no such stream). Re-read and retry.'),
    eventId: z.string().optional().describe('DuplicateEventError: the event id already stored elsewhere.'),
    retryAfterSeconds: z.number().optional().describe('Rate limits: seconds to wait before retrying.'),
  })
  .describe('An error answer (RFC 9457 problem details).');
export type Problem = z.infer<typeof Problem>;
