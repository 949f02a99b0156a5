import { z } from 'zod';
import { CorrectEntry, RetractEntry } from './correction-commands.js';
import { CommandMetadata } from './decider.js';
import { Ulid } from './fields.js';
import { PlanOpened, PlanOwnerChanged } from './plan-events.js';

/** Open a portfolio's improvement plan for an inspection; the caller names the new plan's id. */
export const OpenPlanInput = z.strictObject({
  type: z.literal('OpenPlan'),
  data: PlanOpened.shape.data,
});
export type OpenPlanInput = z.infer<typeof OpenPlanInput>;

/** Facts from other streams that OpenPlan is judged against, loaded by the command handler. */
export const OpenPlanContext = z.strictObject({
  /** The inspection named in `data.inspectionId`, or null when there is no such inspection. */
  inspection: z.strictObject({ inspectionId: Ulid }).nullable(),
});
export type OpenPlanContext = z.infer<typeof OpenPlanContext>;

export const OpenPlan = OpenPlanInput.extend({ context: OpenPlanContext, metadata: CommandMetadata });
export type OpenPlan = z.infer<typeof OpenPlan>;

/** Change the portfolio owner and/or the plan owner; an absent field stays as it is. */
export const ChangePlanOwnerInput = z.strictObject({
  type: z.literal('ChangePlanOwner'),
  data: PlanOwnerChanged.shape.data,
});
export type ChangePlanOwnerInput = z.infer<typeof ChangePlanOwnerInput>;
export const ChangePlanOwner = ChangePlanOwnerInput.extend({ metadata: CommandMetadata });
export type ChangePlanOwner = z.infer<typeof ChangePlanOwner>;

/** Everything a plan stream accepts. */
export const PlanCommand = z.discriminatedUnion('type', [
  OpenPlan,
  ChangePlanOwner,
  CorrectEntry,
  RetractEntry,
]);
export type PlanCommand = z.infer<typeof PlanCommand>;

/**
 * What other aggregates need to know about a plan (loaded by the command handler from the
 * plan's stream): a transfer or a joint allocation must stay within one inspection.
 */
export const PlanRef = z.strictObject({ planId: Ulid, inspectionId: Ulid });
export type PlanRef = z.infer<typeof PlanRef>;
