import {
  AllocateJointlyInput,
  AssignOwnerInput,
  ChangeDueDateInput,
  ChangeRagInput,
  MarkCompleteInput,
  PostUpdateInput,
  ReceiveRecommendationInput,
  RecordResponseInput,
  ReopenInput,
  TransferToPlanInput,
} from '../../../domain/item-commands.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/*
 * Each body is its domain command's `data` (src/domain/item-commands.ts), so a rule changed there
 * changes the API and its OpenAPI with it: the item id comes from the path, and fields the event
 * records as null may be left out of a body (`orNull`).
 */

const receive = ReceiveRecommendationInput.shape.data.shape;
/** Receive a recommendation / AFI into a plan; its id is derived from (inspection, ref). */
export const ReceiveRecommendationBody = commandBody({
  ...receive,
  printedRef: orNull(receive.printedRef.unwrap()),
  parentRef: orNull(receive.parentRef.unwrap()),
  reportReference: orNull(receive.reportReference.unwrap()),
  section: orNull(receive.section.unwrap()),
  timescale: orNull(receive.timescale.unwrap()),
  dueDate: orNull(receive.dueDate.unwrap()),
});

const owners = AssignOwnerInput.shape.data.shape;
/** Assign both owners (of the item, or of one sharing plan's listing); null clears one. */
export const AssignOwnerBody = commandBody({
  listingPlanId: orNull(owners.listingPlanId.unwrap()),
  strategicLead: owners.strategicLead,
  actionOwner: owners.actionOwner,
});

const dueDate = ChangeDueDateInput.shape.data.shape;
/** Move the due date (or timescale) with a reason; `escalated`: pulled forward by a board. */
export const ChangeDueDateBody = commandBody({
  listingPlanId: orNull(dueDate.listingPlanId.unwrap()),
  dueDate: orNull(dueDate.dueDate.unwrap()),
  timescale: orNull(dueDate.timescale.unwrap()),
  reason: dueDate.reason,
  escalated: dueDate.escalated.default(false),
});

const response = RecordResponseInput.shape.data.shape;
/** The initial (management) response, of the item or of one sharing plan's listing. */
export const RecordResponseBody = commandBody({
  listingPlanId: orNull(response.listingPlanId.unwrap()),
  response: response.response,
});

/** The progress update; its date is `effectiveOn`. */
export const PostUpdateBody = commandBody(PostUpdateInput.shape.data.omit({ itemId: true }).shape);

const rag = ChangeRagInput.shape.data.shape;
/** The new rating (RED, AMBER or GREEN; completion is a separate command). */
export const ChangeRagBody = commandBody({ to: rag.to, reason: orNull(rag.reason.unwrap()) });

/** Evidence or a closing note. */
export const MarkCompleteBody = commandBody({
  evidence: orNull(MarkCompleteInput.shape.data.shape.evidence.unwrap()),
});

/** Reopen, or mark not applicable: a reason only. */
export const ReasonBody = commandBody(ReopenInput.shape.data.omit({ itemId: true }).shape);

const transfer = TransferToPlanInput.shape.data.shape;
/** The plan (of the same inspection) taking the item over. */
export const TransferBody = commandBody({
  toPlanId: transfer.toPlanId,
  note: orNull(transfer.note.unwrap()),
});

/** The other plans sharing the item, and the plan that answers for it. */
export const AllocateJointlyBody = commandBody(AllocateJointlyInput.shape.data.omit({ itemId: true }).shape);
