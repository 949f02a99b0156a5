import { z } from 'zod';
import { CorrectEntry, RetractEntry } from './correction-commands.js';
import { CommandMetadata } from './decider.js';
import { InspectionRegistered } from './inspection-events.js';

/**
 * Register an inspectorate's report. The data is the event's data: the caller names the new
 * inspection's id (a fresh ULID, or a deterministic one from an import).
 */
export const RegisterInspectionInput = z.strictObject({
  type: z.literal('RegisterInspection'),
  data: InspectionRegistered.shape.data,
});
export type RegisterInspectionInput = z.infer<typeof RegisterInspectionInput>;
export const RegisterInspection = RegisterInspectionInput.extend({ metadata: CommandMetadata });
export type RegisterInspection = z.infer<typeof RegisterInspection>;

/** Everything an inspection stream accepts. */
export const InspectionCommand = z.discriminatedUnion('type', [
  RegisterInspection,
  CorrectEntry,
  RetractEntry,
]);
export type InspectionCommand = z.infer<typeof InspectionCommand>;
