import { z } from 'zod';
import { ShortText, Ulid } from './fields.js';

/** A portfolio's improvement plan for one inspection was opened. */
export const PlanOpened = z.strictObject({
  type: z.literal('PlanOpened'),
  data: z.strictObject({
    planId: Ulid,
    inspectionId: Ulid,
    /** The executive portfolio, e.g. "Territorial Policing". */
    portfolio: ShortText,
    /** Who holds the portfolio, e.g. "ACC Territorial Policing". */
    portfolioOwner: ShortText.nullable(),
    /** Who keeps the plan up to date. */
    planOwner: ShortText.nullable(),
  }),
});
export type PlanOpened = z.infer<typeof PlanOpened>;

/**
 * A change of owners names at least one of them. Exported so the API body states the same rule
 * (src/api/routes/plans/schema.ts) without a second copy.
 */
export const NamesAnOwner = {
  check: (d: { portfolioOwner?: string | null | undefined; planOwner?: string | null | undefined }) =>
    d.portfolioOwner !== undefined || d.planOwner !== undefined,
  message: 'name portfolioOwner and/or planOwner',
  path: ['portfolioOwner'],
};

/** The portfolio owner and/or the plan owner changed; an absent field is unchanged. */
export const PlanOwnerChanged = z.strictObject({
  type: z.literal('PlanOwnerChanged'),
  data: z
    .strictObject({
      planId: Ulid,
      portfolioOwner: ShortText.nullable().optional(),
      planOwner: ShortText.nullable().optional(),
    })
    .refine(NamesAnOwner.check, { message: NamesAnOwner.message, path: NamesAnOwner.path }),
});
export type PlanOwnerChanged = z.infer<typeof PlanOwnerChanged>;
