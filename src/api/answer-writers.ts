import type { FastifySerializerCompiler } from 'fastify';
import type { z } from 'zod';

/** Writes an answer as JSON text: the very bytes `JSON.stringify` gives for it, sooner. */
export type AnswerWriter = (answer: unknown) => string;

/** Response schemas with a writer of their own; every other answer goes through `JSON.stringify`. */
const writers = new WeakMap<object, AnswerWriter>();

/** Answers of `schema` are written by `writer` (which must give JSON.stringify's bytes). */
export function writeAnswersWith<T>(schema: z.ZodType<T>, writer: (answer: T) => string): void {
  // Fastify hands a route's serializer only that route's answers, which its schema types.
  writers.set(schema, writer as AnswerWriter);
}

const stringify: AnswerWriter = (answer) => JSON.stringify(answer);

/** The writer for a route's response schema. */
export const writerFor = (schema: unknown): AnswerWriter =>
  (typeof schema === 'object' && schema !== null && writers.get(schema)) || stringify;

/**
 * The serializer compiler: each answer by its schema's writer. With `checked` (tests: the
 * answer checked against its schema by fastify-type-provider-zod's compiler, which then
 * writes it), a writer's bytes must also equal `JSON.stringify`'s, so every API test holds
 * each writer to the bytes it stands in for.
 */
export function answerSerializer<S>(
  checked: FastifySerializerCompiler<S> | null,
): FastifySerializerCompiler<S> {
  return (route) => {
    const write = writerFor(route.schema);
    if (checked === null) return write;
    const check = checked(route);
    if (write === stringify) return check;
    return (answer: unknown) => {
      check(answer);
      const text = write(answer);
      if (text !== JSON.stringify(answer))
        throw new Error(`the answer writer of ${route.method} ${route.url} differs from JSON.stringify`);
      return text;
    };
  };
}
