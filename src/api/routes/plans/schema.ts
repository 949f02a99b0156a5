import { ChangePlanOwnerInput, OpenPlanInput } from '../../../domain/plan-commands.js';
import { NamesAnOwner } from '../../../domain/plan-events.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/*
 * Each body is its domain command's data (src/domain/plan-events.ts) without the plan's id, which
 * the ledger allocates or the path names.
 */

const opened = OpenPlanInput.shape.data.shape;
/** Open a portfolio's plan for an inspection; the ledger allocates the plan's id. */
export const OpenPlanBody = commandBody({
  ...OpenPlanInput.shape.data.omit({ planId: true }).shape,
  portfolioOwner: orNull(opened.portfolioOwner.unwrap()),
  planOwner: orNull(opened.planOwner.unwrap()),
});

const owners = ChangePlanOwnerInput.shape.data.shape;
/** Change the portfolio owner and/or plan owner; an absent field stays as it is, null clears it. */
export const ChangePlanOwnerBody = commandBody({
  portfolioOwner: owners.portfolioOwner,
  planOwner: owners.planOwner,
}).refine(NamesAnOwner.check, { message: NamesAnOwner.message, path: NamesAnOwner.path });
