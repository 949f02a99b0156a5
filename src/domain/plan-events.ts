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

/** The portfolio owner and/or the plan owner changed; an absent field is unchanged. */
export const PlanOwnerChanged = z.strictObject({
  type: z.literal('PlanOwnerChanged'),
  data: z
    .strictObject({
      planId: Ulid,
      portfolioOwner: ShortText.nullable().optional(),
      planOwner: ShortText.nullable().optional(),
    })
    .refine((d) => d.portfolioOwner !== undefined || d.planOwner !== undefined, {
      message: 'names neither portfolioOwner nor planOwner',
      path: ['portfolioOwner'],
    }),
});
export type PlanOwnerChanged = z.infer<typeof PlanOwnerChanged>;
