import { z } from 'zod';
import { BoardReportPresented } from './board-events.js';
import { CorrectEntry, RetractEntry } from './correction-commands.js';
import { CommandMetadata } from './decider.js';
import { PlanRef } from './plan-commands.js';

/**
 * Record that a report on some plans was presented to a board on a board date. A board's
 * stream holds all its reports over time, so the first report also creates the stream.
 */
export const PresentBoardReportInput = z.strictObject({
  type: z.literal('PresentBoardReport'),
  data: BoardReportPresented.shape.data,
});
export type PresentBoardReportInput = z.infer<typeof PresentBoardReportInput>;
/** Loaded by the handler: those of `data.planIds` that exist (a missing one is absent). */
export const PresentBoardReportContext = z.strictObject({ plans: z.array(PlanRef).max(200) });
export type PresentBoardReportContext = z.infer<typeof PresentBoardReportContext>;
export const PresentBoardReport = PresentBoardReportInput.extend({
  context: PresentBoardReportContext,
  metadata: CommandMetadata,
});
export type PresentBoardReport = z.infer<typeof PresentBoardReport>;

/** Everything a board stream accepts. */
export const BoardCommand = z.discriminatedUnion('type', [PresentBoardReport, CorrectEntry, RetractEntry]);
export type BoardCommand = z.infer<typeof BoardCommand>;
