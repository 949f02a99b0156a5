import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { executeCommand } from '../app/execute-command.js';
import { actorOf, type Principal } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';
import type { BusinessDate } from '../domain/fields.js';
import { deterministicEventId } from '../domain/ids.js';
import type { LedgerCommandInput } from '../domain/ledger-commands.js';
import { parseStreamId } from '../domain/streams.js';
import { type ExpectedRevision, RuleViolation, ValidationError } from '../errors.js';
import { newUlid } from '../lib/id-source.js';
import { principalOf } from './auth.js';
import { requestFingerprint } from './idempotency.js';
import { awaitProjection } from './read-your-writes.js';
import { CommandAccepted, CommandHeaders } from './routes/commands/schema.js';
import { scopedExpectation } from './scope.js';

type ZodApp = Parameters<FastifyPluginAsyncZod>[0];

/** Where ids of new aggregates come from: random, or derived from the Idempotency-Key so a retry names the same one. */
export type NewAggregateId = (tag: string) => string;

/** What a route turns its validated request into. */
export interface BuiltCommand {
  /**
   * Only for corrections and retractions, which name an event, not a stream: the stream in the
   * path. Every other command's stream is worked out by the ledger from its data.
   */
  streamId?: string;
  command: LedgerCommandInput;
  /** For contributor routes: the item whose portfolio must be one of the key's. */
  scopeItemId?: string;
  /** effectiveOn when the body names none (board reports: the board date); else today. */
  defaultEffectiveOn?: BusinessDate;
}

/** The fields every command body has (see CommandCommon). */
interface Common {
  effectiveOn?: BusinessDate | undefined;
  onBehalfOf?: string | undefined;
}

export interface CommandRouteDef<P extends z.ZodType, B extends z.ZodType<Common>> {
  url: string;
  permission: Exclude<Permission, 'public' | 'read'>;
  tags: string[];
  summary: string;
  description?: string;
  params: P;
  body: B;
  build(params: z.infer<P>, body: z.infer<B>, newId: NewAggregateId): BuiltCommand;
}

/** `"3"` / `W/"3"` / `3` → 3, `*` → stream_exists; undefined when absent. */
function expectedRevisionOf(header: string | undefined): ExpectedRevision | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return 'stream_exists';
  return Number(value.replace(/^W\//, '').replaceAll('"', ''));
}

/**
 * Where a domain error's field is in this request. Deciders name fields of the command
 * (`data.to`, `metadata.effectiveOn`); the caller sent them as body fields, or the item id in
 * the path, and needs to be told which field of *their* request to fix.
 */
export function requestPath(field: string, pathParams: readonly string[]): string {
  const bare = field.replace(/^command\./, '').replace(/^(data|metadata)\./, '');
  const [head] = bare.split('.');
  if (head !== undefined && pathParams.includes(head)) return `params.${bare}`;
  if (field.startsWith('data.effectiveOn') || field.startsWith('command.data.effectiveOn'))
    return 'body.correctedEffectiveOn';
  return `body.${bare}`;
}

/** Re-addresses a domain error to the request's fields; other errors pass through unchanged. */
function inRequestTerms(error: unknown, pathParams: readonly string[]): unknown {
  if (error instanceof RuleViolation && error.field !== undefined) {
    return new RuleViolation(error.rule, error.message, requestPath(error.field, pathParams), error.facts);
  }
  if (error instanceof ValidationError) {
    return new ValidationError(
      error.message,
      error.issues.map((i) => ({ ...i, path: requestPath(i.path, pathParams) })),
    );
  }
  return error;
}

const today = (clock: () => Date): BusinessDate => clock().toISOString().slice(0, 10);

/**
 * A fact dated after today would be invisible in every read until that day comes (reads stop
 * at today), so a business date in the future is refused, naming the field. Due dates are
 * the exception: they are data about the future, not the date a fact became true.
 */
function refuseFutureDates(todayDate: BusinessDate, dates: [path: string, date: unknown][]): void {
  const future = dates.filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] > todayDate,
  );
  if (future.length === 0) return;
  throw new ValidationError(
    `A business date after today (${todayDate}) would hide the fact from every read until then`,
    future.map(([path, date]) => ({
      path,
      message: `${date} is after today (${todayDate}); record the fact on or after the day it becomes true`,
    })),
  );
}

/** A key as the handler sees it: scoped by principal, so two callers' keys never collide. */
const scopedKey = (principal: Principal, key: string) => `${principal.keyId}\u0000${key}`;

/**
 * A command route's definition, typed from its schemas (the identity: it only lets TypeScript
 * infer `P` and `B` so `build` is checked against them).
 */
export function commandDef<P extends z.ZodType, B extends z.ZodType<Common>>(
  def: CommandRouteDef<P, B>,
): CommandRouteDef<P, B> {
  return def;
}

/**
 * The route options of a command: its permission and the schemas fastify validates the request
 * with (and OpenAPI is generated from). Registered at the call site with the concrete schemas,
 * `app.post(def.url, commandOptions(def), …)`, so the type provider types `request.params`,
 * `request.body` and `request.headers` there; inside a function generic over the schemas it
 * cannot, and the request would have to be parsed again only to get types.
 */
export function commandOptions<P extends z.ZodType, B extends z.ZodType<Common>>(def: CommandRouteDef<P, B>) {
  return {
    config: { permission: def.permission },
    schema: {
      tags: def.tags,
      summary: def.summary,
      ...(def.description ? { description: def.description } : {}),
      params: def.params,
      headers: CommandHeaders,
      body: def.body,
      response: { 201: CommandAccepted },
    },
  };
}

/**
 * Runs one command whose request fastify has validated (the only validation between the route
 * and the append). The pipeline is the same for every command: authenticate (hook) → validate
 * (schemas) → replay an earlier answer for the same Idempotency-Key → check the contributor's
 * portfolio → decide and append with If-Match → 201 with the events and the new revision in
 * ETag. Any failure appends nothing.
 */
export async function runCommand<P extends z.ZodType, B extends z.ZodType<Common>>(
  app: ZodApp,
  request: FastifyRequest,
  reply: FastifyReply,
  def: CommandRouteDef<P, B>,
  params: z.output<P>,
  body: z.output<B>,
  headers: CommandHeaders,
): Promise<CommandAccepted> {
  const principal = principalOf(request);
  const idempotencyKey = headers['idempotency-key'];
  const fingerprint = requestFingerprint({
    url: def.url,
    params,
    body,
    ifMatch: headers['if-match'] ?? null,
  });
  const actor = actorOf(principal, request.id, body.onBehalfOf ?? null);
  // Shared by every instance: a reused key with a different body is a 422 wherever it lands.
  if (idempotencyKey !== undefined) {
    await app.ledger.idempotency.claim(principal.keyId, idempotencyKey, fingerprint, actor);
  }
  const newId: NewAggregateId = (tag) =>
    idempotencyKey === undefined
      ? newUlid()
      : deterministicEventId(`aggregate\u0000${tag}\u0000${scopedKey(principal, idempotencyKey)}`);
  const built = def.build(params, body, newId);
  const effectiveOn = body.effectiveOn ?? built.defaultEffectiveOn ?? today(app.ledger.clock);
  refuseFutureDates(today(app.ledger.clock), [
    // Only board reports default their effectiveOn, to the board date.
    [body.effectiveOn === undefined ? 'body.boardDate' : 'body.effectiveOn', effectiveOn],
    ['body.correctedEffectiveOn', Reflect.get(body, 'correctedEffectiveOn')],
  ]);
  const asked = expectedRevisionOf(headers['if-match']);
  const expectedRevision =
    def.permission === 'contribute' && built.scopeItemId !== undefined
      ? await scopedExpectation(app.ledger.store, principal, built.scopeItemId, asked)
      : asked;
  const pathParams = Object.keys(params ?? {});
  const result = await executeCommand(app.ledger.store, {
    ...(built.streamId !== undefined ? { streamId: built.streamId } : {}),
    command: built.command,
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    metadata: {
      actor,
      correlationId: request.id,
      causationId: null,
      effectiveOn,
      ...(idempotencyKey !== undefined ? { idempotencyKey: scopedKey(principal, idempotencyKey) } : {}),
    },
    newId: newUlid,
  }).catch((error: unknown) => {
    throw inRequestTerms(error, pathParams);
  });
  // Normalised by its schema, so a retry (on any instance) that finds the first run's events
  // answers with the same bytes.
  const answer: CommandAccepted = CommandAccepted.parse({
    // The aggregate the command was about: the id in its stream's name.
    id: parseStreamId(result.streamId)?.id,
    streamId: result.streamId,
    revision: result.nextRevision,
    events: result.events,
  });
  const last = result.events.at(-1);
  if (last !== undefined) await awaitProjection(app.ledger.projections, last.position);
  const etag = `"${result.nextRevision}"`;
  reply.status(201).header('etag', etag);
  return answer;
}
