import { z } from 'zod';
import { EntryCorrected, EntryRetracted } from './correction-events.js';
import { CommandMetadata } from './decider.js';

/**
 * Correct a mistake in an earlier event of the same stream (valid on every stream kind).
 * The original stays in the log; `fields` is a partial of its data and is re-validated
 * against the original event's schema. Ids and the item ref cannot be corrected.
 */
export const CorrectEntryInput = z.strictObject({
  type: z.literal('CorrectEntry'),
  data: EntryCorrected.shape.data,
});
export type CorrectEntryInput = z.infer<typeof CorrectEntryInput>;
export const CorrectEntry = CorrectEntryInput.extend({ metadata: CommandMetadata });
export type CorrectEntry = z.infer<typeof CorrectEntry>;

/** Declare an earlier event of the same stream void: readers ignore it once they know. */
export const RetractEntryInput = z.strictObject({
  type: z.literal('RetractEntry'),
  data: EntryRetracted.shape.data,
});
export type RetractEntryInput = z.infer<typeof RetractEntryInput>;
export const RetractEntry = RetractEntryInput.extend({ metadata: CommandMetadata });
export type RetractEntry = z.infer<typeof RetractEntry>;

export const CorrectionCommand = z.discriminatedUnion('type', [CorrectEntry, RetractEntry]);
export type CorrectionCommand = z.infer<typeof CorrectionCommand>;
