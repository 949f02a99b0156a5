import { z } from 'zod';
import { BusinessDate, ShortText, Ulid } from './fields.js';

/**
 * A correction must change something: some fields, or the business date. Exported so the API
 * body (where the date is `correctedEffectiveOn`) states the same rule.
 */
export const correctsSomething = (fields: Record<string, unknown>, effectiveOn: string | null): boolean =>
  Object.keys(fields).length > 0 || effectiveOn !== null;

/**
 * A mistake in an earlier event of the same stream is corrected. The original stays in the log;
 * readers apply `fields` over its data (and `effectiveOn` over its date) once they know of this.
 */
export const EntryCorrected = z.strictObject({
  type: z.literal('EntryCorrected'),
  data: z
    .strictObject({
      /** The event being corrected; it must be in the same stream. */
      correctsEventId: Ulid,
      /** The corrected data fields, a partial of the original event's data (ids cannot change). */
      fields: z.record(z.string().max(100), z.unknown()),
      /** The corrected business date of the original, when that was the mistake. */
      effectiveOn: BusinessDate.nullable(),
      reason: ShortText,
    })
    .refine((d) => correctsSomething(d.fields, d.effectiveOn), {
      message: 'corrects nothing: give fields or effectiveOn',
      path: ['fields'],
    }),
});
export type EntryCorrected = z.infer<typeof EntryCorrected>;

/** An earlier event of the same stream should not have been recorded; readers ignore it once known. */
export const EntryRetracted = z.strictObject({
  type: z.literal('EntryRetracted'),
  data: z.strictObject({ retractsEventId: Ulid, reason: ShortText }),
});
export type EntryRetracted = z.infer<typeof EntryRetracted>;
