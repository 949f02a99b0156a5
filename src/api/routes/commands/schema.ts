import { z } from 'zod';
import { BusinessDate, ShortText, Ulid } from '../../../domain/fields.js';
import { RecordedEventView } from '../events/schema.js';

/**
 * Headers every command takes. Not strict: a request carries many other headers. `If-Match` is
 * the stream revision the caller last saw (the ETag of its last answer), `*` for "the stream
 * exists"; `Idempotency-Key` makes a retry return the first answer instead of acting twice.
 */
export const CommandHeaders = z.object({
  /** Expected stream revision: `"3"`, `3`, or `*`. */
  'if-match': z
    .string()
    .regex(/^\s*(?:\*|W\/"\d{1,9}"|"\d{1,9}"|\d{1,9})\s*$/, 'must be a stream revision such as "3" (or *)')
    .optional(),
  /** Any client-chosen string of 8–200 visible characters, unique per intended action. */
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{8,200}$/, 'must be 8-200 visible ASCII characters')
    .optional(),
});
export type CommandHeaders = z.infer<typeof CommandHeaders>;

/** Fields every command body may carry besides its own. */
export const CommandCommon = {
  /** The business date the fact became true (the "Date of Update"); default: today (UTC). */
  effectiveOn: BusinessDate.optional(),
  /**
   * The person the caller acts for, e.g. a clerk entering an owner's update. Recorded as a
   * claim (`actor.claimedName`); the actor is always the key.
   */
  onBehalfOf: ShortText.optional(),
};

/** A command body: its own fields plus the common ones, strictly (unknown keys are rejected). */
export const commandBody = <S extends z.ZodRawShape>(shape: S) =>
  z.strictObject({ ...shape, ...CommandCommon });

/** 201 answer of every command; the new stream revision is also in the ETag header. */
export const CommandAccepted = z.strictObject({
  /** The id of the inspection / plan / item / board the command was about. */
  id: Ulid,
  streamId: z.string(),
  /** The stream's revision after the command: send it back as If-Match on the next write. */
  revision: z.number().int(),
  /** The events appended (on an idempotent retry, those the first request appended). */
  events: z.array(RecordedEventView),
});
export type CommandAccepted = z.infer<typeof CommandAccepted>;

/** Path parameter schemas. */
export const ItemParams = z.strictObject({ itemId: Ulid });
export const PlanParams = z.strictObject({ planId: Ulid });
export const BoardParams = z.strictObject({ boardId: Ulid });
