import { ShortText, Ulid } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** Open a portfolio's plan for an inspection; the ledger allocates the plan's id. */
export const OpenPlanBody = commandBody({
  inspectionId: Ulid,
  /** The executive portfolio, e.g. "Territorial Policing". */
  portfolio: ShortText,
  /** Who holds the portfolio, e.g. "ACC Territorial Policing". */
  portfolioOwner: orNull(ShortText),
  /** Who keeps the plan up to date. */
  planOwner: orNull(ShortText),
});

/** Change the portfolio owner and/or plan owner; an absent field stays as it is, null clears it. */
export const ChangePlanOwnerBody = commandBody({
  portfolioOwner: ShortText.nullable().optional(),
  planOwner: ShortText.nullable().optional(),
}).refine((b) => b.portfolioOwner !== undefined || b.planOwner !== undefined, {
  message: 'name portfolioOwner and/or planOwner',
  path: ['portfolioOwner'],
});
