import { z } from 'zod';
import { CorrectEntryInput, RetractEntryInput } from '../../../domain/correction-commands.js';
import { correctsSomething } from '../../../domain/correction-events.js';
import { StreamId } from '../../../domain/streams.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** Any stream of the ledger: `<inspection|plan|item|board>-<ULID>`. */
export const StreamParams = z.strictObject({ streamId: StreamId });

const corrected = CorrectEntryInput.shape.data.shape;
/**
 * Correct an earlier event of the stream: the domain command's data (src/domain/correction-events.ts).
 * `fields` is a partial of its data (ids cannot change); the corrected business date is
 * `correctedEffectiveOn` here, because `effectiveOn` is the correction's own date.
 */
export const CorrectEntryBody = commandBody({
  correctsEventId: corrected.correctsEventId,
  fields: corrected.fields.default({}),
  correctedEffectiveOn: orNull(corrected.effectiveOn.unwrap()),
  reason: corrected.reason,
}).refine((b) => correctsSomething(b.fields, b.correctedEffectiveOn), {
  message: 'corrects nothing: give fields or correctedEffectiveOn',
  path: ['fields'],
});

/** Declare an earlier event of the stream void; readers ignore it once they know. */
export const RetractEntryBody = commandBody(RetractEntryInput.shape.data.shape);
