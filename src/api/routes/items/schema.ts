import { z } from 'zod';
import { BusinessDate, ItemKind, LongText, Rag, ShortText, Ulid } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** Receive a recommendation / AFI into a plan; its id is derived from (inspection, ref). */
export const ReceiveRecommendationBody = commandBody({
  inspectionId: Ulid,
  /** The plan that first answers for it. */
  planId: Ulid,
  /** The inspectorate's reference, unique within the inspection (e.g. "AFI.3"). */
  ref: ShortText,
  kind: ItemKind,
  /** The inspectorate's wording. */
  text: LongText,
  /** The ref of the recommendation this item feeds into. */
  parentRef: orNull(ShortText),
  /** Page / paragraph in the report. */
  reportReference: orNull(ShortText),
  section: orNull(ShortText),
  /** A timescale in words when there is no date ("Within three months"). */
  timescale: orNull(ShortText),
  dueDate: orNull(BusinessDate),
});

/** Assign both owners; null clears one. */
export const AssignOwnerBody = commandBody({
  strategicLead: ShortText.nullable(),
  actionOwner: ShortText.nullable(),
});

/** Move the due date (or timescale) with a reason; `escalated`: pulled forward by a board. */
export const ChangeDueDateBody = commandBody({
  dueDate: orNull(BusinessDate),
  timescale: orNull(ShortText),
  reason: ShortText,
  escalated: z.boolean().default(false),
});

export const RecordResponseBody = commandBody({
  /** The initial (management) response. */
  response: LongText,
});

export const PostUpdateBody = commandBody({
  /** The progress update; its date is `effectiveOn`. */
  text: LongText,
});

export const ChangeRagBody = commandBody({
  /** The new rating (RED, AMBER or GREEN; completion is a separate command). */
  to: Rag,
  reason: orNull(ShortText),
});

export const MarkCompleteBody = commandBody({
  /** Evidence or a closing note. */
  evidence: orNull(LongText),
});

export const ReasonBody = commandBody({ reason: ShortText });

export const TransferBody = commandBody({
  /** The plan (of the same inspection) taking the item over. */
  toPlanId: Ulid,
  note: orNull(ShortText),
});

export const AllocateJointlyBody = commandBody({
  /** The other plans sharing the item. */
  withPlanIds: z.array(Ulid).min(1).max(20),
  /** The plan that answers for it. */
  leadPlanId: Ulid,
});
