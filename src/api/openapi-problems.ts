import type { SwaggerTransformObject } from '@fastify/swagger';
import { z } from 'zod';
import { Problem } from './problem-schema.js';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The `default` response every operation has: any error, as problem+json. */
const problemResponse = {
  description:
    'An error, as RFC 9457 problem details: branch on `code` (and `rule` / `facts` for a broken rule); `detail` says what to do next.',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/**
 * Adds the one error shape to the generated document: `components.schemas.Problem` from the
 * zod schema the error answers follow, and a `default` response naming it on every operation.
 * Done on the document, not as a response schema per route, so that the error handler's
 * answers are not re-serialized (and possibly refused) by each route's response serializer.
 */
export const withProblems: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  // Edited in place: the document is generated afresh for each render.
  const document: unknown = documentObject.openapiObject;
  if (!isRecord(document)) return documentObject.openapiObject;
  for (const operations of Object.values(isRecord(document.paths) ? document.paths : {})) {
    if (!isRecord(operations)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.has(method) || !isRecord(operation)) continue;
      const responses = isRecord(operation.responses) ? operation.responses : {};
      if (!('default' in responses)) responses.default = problemResponse;
      operation.responses = responses;
    }
  }
  const components = isRecord(document.components) ? document.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : {};
  // The document names its dialect once; a component does not repeat it.
  const { $schema: _dialect, ...problem } = z.toJSONSchema(Problem, {
    target: 'draft-2020-12',
    io: 'output',
  });
  schemas.Problem = problem;
  components.schemas = schemas;
  document.components = components;
  return documentObject.openapiObject;
};
