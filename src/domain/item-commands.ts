import { z } from 'zod';
import { CorrectEntry, RetractEntry } from './correction-commands.js';
import { CommandMetadata } from './decider.js';
import { Rag, ShortText, Ulid } from './fields.js';
import {
  DueDateChanged,
  JointlyAllocated,
  MarkedComplete,
  MarkedNotApplicable,
  OwnerAssigned,
  RecommendationReceived,
  Reopened,
  ResponseRecorded,
  UpdatePosted,
} from './item-events.js';
import { PlanRef } from './plan-commands.js';

/**
 * Receive a recommendation / AFI into a plan. There is no item id in the input: it is
 * `itemIdFor(inspectionId, ref)`, so the same ref in one inspection is always the same item.
 */
export const ReceiveRecommendationInput = z.strictObject({
  type: z.literal('ReceiveRecommendation'),
  data: RecommendationReceived.shape.data.omit({ itemId: true }),
});
export type ReceiveRecommendationInput = z.infer<typeof ReceiveRecommendationInput>;
/** Loaded by the handler: the plan named in `data.planId`, null when it does not exist. */
export const ReceiveRecommendationContext = z.strictObject({ plan: PlanRef.nullable() });
export type ReceiveRecommendationContext = z.infer<typeof ReceiveRecommendationContext>;
export const ReceiveRecommendation = ReceiveRecommendationInput.extend({
  context: ReceiveRecommendationContext,
  metadata: CommandMetadata,
});
export type ReceiveRecommendation = z.infer<typeof ReceiveRecommendation>;

/** Assign the strategic lead and action owner (null clears one). */
export const AssignOwnerInput = z.strictObject({
  type: z.literal('AssignOwner'),
  data: OwnerAssigned.shape.data,
});
export type AssignOwnerInput = z.infer<typeof AssignOwnerInput>;
export const AssignOwner = AssignOwnerInput.extend({ metadata: CommandMetadata });
export type AssignOwner = z.infer<typeof AssignOwner>;

/** Move the due date / timescale, with a reason; `escalated` means pulled forward by a board. */
export const ChangeDueDateInput = z.strictObject({
  type: z.literal('ChangeDueDate'),
  // `asReported` is the decider's to set (from the importer's metadata), never a caller's.
  data: DueDateChanged.shape.data.omit({ asReported: true }),
});
export type ChangeDueDateInput = z.infer<typeof ChangeDueDateInput>;
export const ChangeDueDate = ChangeDueDateInput.extend({ metadata: CommandMetadata });
export type ChangeDueDate = z.infer<typeof ChangeDueDate>;

/** Record (or revise) the initial management response. */
export const RecordResponseInput = z.strictObject({
  type: z.literal('RecordResponse'),
  data: ResponseRecorded.shape.data,
});
export type RecordResponseInput = z.infer<typeof RecordResponseInput>;
export const RecordResponse = RecordResponseInput.extend({ metadata: CommandMetadata });
export type RecordResponse = z.infer<typeof RecordResponse>;

/** Post a dated progress update (its date is the command's effectiveOn). */
export const PostUpdateInput = z.strictObject({
  type: z.literal('PostUpdate'),
  data: UpdatePosted.shape.data,
});
export type PostUpdateInput = z.infer<typeof PostUpdateInput>;
export const PostUpdate = PostUpdateInput.extend({ metadata: CommandMetadata });
export type PostUpdate = z.infer<typeof PostUpdate>;

/** Re-rate the item. There is no `from`: the ledger knows the current rating, the caller may not. */
export const ChangeRagInput = z.strictObject({
  type: z.literal('ChangeRag'),
  data: z.strictObject({
    itemId: Ulid,
    /** The new rating. */
    to: Rag,
    reason: ShortText.nullable(),
  }),
});
export type ChangeRagInput = z.infer<typeof ChangeRagInput>;
export const ChangeRag = ChangeRagInput.extend({ metadata: CommandMetadata });
export type ChangeRag = z.infer<typeof ChangeRag>;

/** Mark the item complete, with evidence or a closing note. */
export const MarkCompleteInput = z.strictObject({
  type: z.literal('MarkComplete'),
  data: MarkedComplete.shape.data.omit({ asReported: true }),
});
export type MarkCompleteInput = z.infer<typeof MarkCompleteInput>;
export const MarkComplete = MarkCompleteInput.extend({ metadata: CommandMetadata });
export type MarkComplete = z.infer<typeof MarkComplete>;

/** Reopen a complete or not-applicable item, with a reason. */
export const ReopenInput = z.strictObject({ type: z.literal('Reopen'), data: Reopened.shape.data });
export type ReopenInput = z.infer<typeof ReopenInput>;
export const Reopen = ReopenInput.extend({ metadata: CommandMetadata });
export type Reopen = z.infer<typeof Reopen>;

/** Close the item as not this organisation's to deliver (e.g. "to be progressed by the Home Office"). */
export const MarkNotApplicableInput = z.strictObject({
  type: z.literal('MarkNotApplicable'),
  data: MarkedNotApplicable.shape.data.omit({ asReported: true }),
});
export type MarkNotApplicableInput = z.infer<typeof MarkNotApplicableInput>;
export const MarkNotApplicable = MarkNotApplicableInput.extend({ metadata: CommandMetadata });
export type MarkNotApplicable = z.infer<typeof MarkNotApplicable>;

/** Move the item to another portfolio's plan of the same inspection; `from` is the ledger's. */
export const TransferToPlanInput = z.strictObject({
  type: z.literal('TransferToPlan'),
  data: z.strictObject({ itemId: Ulid, toPlanId: Ulid, note: ShortText.nullable() }),
});
export type TransferToPlanInput = z.infer<typeof TransferToPlanInput>;
/** Loaded by the handler: the plan named in `data.toPlanId`, null when it does not exist. */
export const TransferToPlanContext = z.strictObject({ toPlan: PlanRef.nullable() });
export type TransferToPlanContext = z.infer<typeof TransferToPlanContext>;
export const TransferToPlan = TransferToPlanInput.extend({
  context: TransferToPlanContext,
  metadata: CommandMetadata,
});
export type TransferToPlan = z.infer<typeof TransferToPlan>;

/** Share the item with other plans of the same inspection; `leadPlanId` answers for it. */
export const AllocateJointlyInput = z.strictObject({
  type: z.literal('AllocateJointly'),
  data: JointlyAllocated.shape.data,
});
export type AllocateJointlyInput = z.infer<typeof AllocateJointlyInput>;
/** Loaded by the handler: those of `data.withPlanIds` that exist (a missing one is absent). */
export const AllocateJointlyContext = z.strictObject({ plans: z.array(PlanRef).max(20) });
export type AllocateJointlyContext = z.infer<typeof AllocateJointlyContext>;
export const AllocateJointly = AllocateJointlyInput.extend({
  context: AllocateJointlyContext,
  metadata: CommandMetadata,
});
export type AllocateJointly = z.infer<typeof AllocateJointly>;

/** Everything an item stream accepts. */
export const ItemCommand = z.discriminatedUnion('type', [
  ReceiveRecommendation,
  AssignOwner,
  ChangeDueDate,
  RecordResponse,
  PostUpdate,
  ChangeRag,
  MarkComplete,
  Reopen,
  MarkNotApplicable,
  TransferToPlan,
  AllocateJointly,
  CorrectEntry,
  RetractEntry,
]);
export type ItemCommand = z.infer<typeof ItemCommand>;
