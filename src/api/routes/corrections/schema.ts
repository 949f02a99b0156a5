import { z } from 'zod';
import { BusinessDate, ShortText, Ulid } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** Any stream of the ledger: `<inspection|plan|item|board>-<ULID>`. */
export const StreamParams = z.strictObject({
  streamId: z
    .string()
    .regex(
      /^(inspection|plan|item|board)-[0-7][0-9A-HJKMNP-TV-Z]{25}$/,
      'must be <inspection|plan|item|board>-<ULID>',
    ),
});

/**
 * Correct an earlier event of the stream. `fields` is a partial of its data (ids cannot
 * change); `correctedEffectiveOn` fixes its business date. `effectiveOn` is the correction's own date.
 */
export const CorrectEntryBody = commandBody({
  correctsEventId: Ulid,
  fields: z.record(z.string().max(100), z.unknown()).default({}),
  correctedEffectiveOn: orNull(BusinessDate),
  reason: ShortText,
}).refine((b) => Object.keys(b.fields).length > 0 || b.correctedEffectiveOn !== null, {
  message: 'corrects nothing: give fields or correctedEffectiveOn',
  path: ['fields'],
});

/** Declare an earlier event of the stream void; readers ignore it once they know. */
export const RetractEntryBody = commandBody({ retractsEventId: Ulid, reason: ShortText });
