import { z } from 'zod';
import { BoardReportPresented } from '../../../domain/board-events.js';
import { CommandMetadata } from '../../../domain/decider.js';
import { ClaimedName } from '../../../domain/envelope.js';
import { Ulid } from '../../../domain/fields.js';
import { RecommendationReceived } from '../../../domain/item-events.js';
import { PlanOpened } from '../../../domain/plan-events.js';
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
  effectiveOn: CommandMetadata.shape.effectiveOn.optional(),
  /**
   * The person the caller acts for, e.g. a clerk entering an owner's update. Recorded as a
   * claim (`actor.claimedName`, whose bound it takes); the actor is always the key. Trimmed and
   * not empty, like every name a caller types.
   */
  onBehalfOf: ClaimedName.trim().min(1, 'must not be empty').optional(),
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

/** Path parameter schemas: the id as the aggregate's first event records it. */
export const ItemParams = RecommendationReceived.shape.data.pick({ itemId: true });
export const PlanParams = PlanOpened.shape.data.pick({ planId: true });
export const BoardParams = BoardReportPresented.shape.data.pick({ boardId: true });
