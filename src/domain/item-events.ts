import { z } from 'zod';
import { BusinessDate, ItemKind, LongText, Rag, ShortText, Ulid } from './fields.js';

/** A recommendation or area for improvement was received into a plan. */
export const RecommendationReceived = z.strictObject({
  type: z.literal('RecommendationReceived'),
  data: z.strictObject({
    itemId: Ulid,
    inspectionId: Ulid,
    /** The plan that first answers for it. */
    planId: Ulid,
    /** The inspectorate's reference, unique within the inspection (e.g. "AFI.3", "R.1", "1.1.2"). */
    ref: ShortText,
    /**
     * The ref as the paper prints it, when `ref` had to be qualified to stay unique (a paper that
     * prints "AFI.25" for two different findings: the second is kept as "AFI.25 (Human
     * Resources)"); null when `ref` is as printed. Readers show this one.
     */
    printedRef: ShortText.nullable(),
    kind: ItemKind,
    /** The ref of the recommendation this item feeds into, e.g. "R.1" for "AFI.1 (R.1)". */
    parentRef: ShortText.nullable(),
    /** The inspectorate's wording. */
    text: LongText,
    /** Page / paragraph in the report, e.g. "pg 45 paragraph 3.8". */
    reportReference: ShortText.nullable(),
    /** The category or section heading it sits under. */
    section: ShortText.nullable(),
    /** A timescale in words ("Immediately", "Within three months") when there is no date. */
    timescale: ShortText.nullable(),
    dueDate: BusinessDate.nullable(),
  }),
});

/** The strategic lead and/or action owner were assigned (to the item or one plan's listing); null clears one. */
export const OwnerAssigned = z.strictObject({
  type: z.literal('OwnerAssigned'),
  data: z.strictObject({
    itemId: Ulid,
    /**
     * The plan sharing the item whose own listing this is about (a jointly allocated item is listed
     * by each portfolio with its own owner, due date and response); null = the item itself, as the
     * plan answering for it lists it.
     */
    listingPlanId: Ulid.nullable(),
    strategicLead: ShortText.nullable(),
    actionOwner: ShortText.nullable(),
  }),
});

/**
 * Present (true) on a fact recorded as a board paper reported it about an item the ledger held
 * as closed: the "reopen first" rule was not applied because the paper is the record of what was
 * reported (docs/architecture.md, Rules). Absent on every other event.
 */
export const AsReported = z.literal(true).optional();

/** The due date moved (escalated = pulled forward by a board). A reason is required. */
export const DueDateChanged = z.strictObject({
  type: z.literal('DueDateChanged'),
  data: z.strictObject({
    itemId: Ulid,
    /**
     * The plan sharing the item whose own listing this is about (a jointly allocated item is listed
     * by each portfolio with its own owner, due date and response); null = the item itself, as the
     * plan answering for it lists it.
     */
    listingPlanId: Ulid.nullable(),
    dueDate: BusinessDate.nullable(),
    timescale: ShortText.nullable(),
    reason: ShortText,
    escalated: z.boolean(),
    asReported: AsReported,
  }),
});

/** The initial (management) response to the recommendation. */
export const ResponseRecorded = z.strictObject({
  type: z.literal('ResponseRecorded'),
  data: z.strictObject({
    itemId: Ulid,
    /**
     * The plan sharing the item whose own listing this is about (a jointly allocated item is listed
     * by each portfolio with its own owner, due date and response); null = the item itself, as the
     * plan answering for it lists it.
     */
    listingPlanId: Ulid.nullable(),
    response: LongText,
  }),
});

/** A dated progress update; its date is the envelope's effectiveOn. */
export const UpdatePosted = z.strictObject({
  type: z.literal('UpdatePosted'),
  data: z.strictObject({ itemId: Ulid, text: LongText }),
});

/** The RAG status changed; `from` is null for the first rating. */
export const RagChanged = z.strictObject({
  type: z.literal('RagChanged'),
  data: z.strictObject({
    itemId: Ulid,
    from: Rag.nullable(),
    to: Rag,
    reason: ShortText.nullable(),
    asReported: AsReported,
  }),
});

export const MarkedComplete = z.strictObject({
  type: z.literal('MarkedComplete'),
  data: z.strictObject({ itemId: Ulid, evidence: LongText.nullable(), asReported: AsReported }),
});

export const Reopened = z.strictObject({
  type: z.literal('Reopened'),
  data: z.strictObject({ itemId: Ulid, reason: ShortText }),
});

/** The item will not be delivered by this organisation (e.g. "to be progressed by the Home Office"). */
export const MarkedNotApplicable = z.strictObject({
  type: z.literal('MarkedNotApplicable'),
  data: z.strictObject({ itemId: Ulid, reason: ShortText, asReported: AsReported }),
});

/** Responsibility moved from one portfolio's plan to another's, within the same inspection. */
export const TransferredBetweenPortfolios = z.strictObject({
  type: z.literal('TransferredBetweenPortfolios'),
  data: z.strictObject({ itemId: Ulid, fromPlanId: Ulid, toPlanId: Ulid, note: ShortText.nullable() }),
});

/** The item is shared with other plans; `leadPlanId` answers for it. */
export const JointlyAllocated = z.strictObject({
  type: z.literal('JointlyAllocated'),
  data: z.strictObject({
    itemId: Ulid,
    /** The other plans that share the item (not the one it is in). */
    withPlanIds: z.array(Ulid).min(1, 'must name at least one other plan').max(20),
    leadPlanId: Ulid,
  }),
});

export type RecommendationReceived = z.infer<typeof RecommendationReceived>;
