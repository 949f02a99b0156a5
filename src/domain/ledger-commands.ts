import { z } from 'zod';
import { PresentBoardReport, PresentBoardReportInput } from './board-commands.js';
import { CorrectEntry, CorrectEntryInput, RetractEntry, RetractEntryInput } from './correction-commands.js';
import { RegisterInspection, RegisterInspectionInput } from './inspection-commands.js';
import {
  AllocateJointly,
  AllocateJointlyInput,
  AssignOwner,
  AssignOwnerInput,
  ChangeDueDate,
  ChangeDueDateInput,
  ChangeRag,
  ChangeRagInput,
  MarkComplete,
  MarkCompleteInput,
  MarkNotApplicable,
  MarkNotApplicableInput,
  PostUpdate,
  PostUpdateInput,
  ReceiveRecommendation,
  ReceiveRecommendationInput,
  RecordResponse,
  RecordResponseInput,
  Reopen,
  ReopenInput,
  TransferToPlan,
  TransferToPlanInput,
} from './item-commands.js';
import { ChangePlanOwner, ChangePlanOwnerInput, OpenPlan, OpenPlanInput } from './plan-commands.js';
import type { StreamKind } from './streams.js';

/**
 * Every command as a caller sends it: `{ type, data }`, no context (the ledger loads that)
 * and no metadata (the server sets the actor; effectiveOn travels beside the command).
 */
export const LedgerCommandInput = z.discriminatedUnion('type', [
  RegisterInspectionInput,
  OpenPlanInput,
  ChangePlanOwnerInput,
  ReceiveRecommendationInput,
  AssignOwnerInput,
  ChangeDueDateInput,
  RecordResponseInput,
  PostUpdateInput,
  ChangeRagInput,
  MarkCompleteInput,
  ReopenInput,
  MarkNotApplicableInput,
  TransferToPlanInput,
  AllocateJointlyInput,
  PresentBoardReportInput,
  CorrectEntryInput,
  RetractEntryInput,
]);
export type LedgerCommandInput = z.infer<typeof LedgerCommandInput>;
export type LedgerCommandType = LedgerCommandInput['type'];

/** Every domain command (with context and metadata), as the deciders take them. */
export const LedgerCommand = z.discriminatedUnion('type', [
  RegisterInspection,
  OpenPlan,
  ChangePlanOwner,
  ReceiveRecommendation,
  AssignOwner,
  ChangeDueDate,
  RecordResponse,
  PostUpdate,
  ChangeRag,
  MarkComplete,
  Reopen,
  MarkNotApplicable,
  TransferToPlan,
  AllocateJointly,
  PresentBoardReport,
  CorrectEntry,
  RetractEntry,
]);
export type LedgerCommand = z.infer<typeof LedgerCommand>;

/**
 * The stream kind each command is addressed to; corrections go to whichever stream holds
 * the event they name, so they have no fixed kind.
 */
export const COMMAND_STREAM_KIND: Record<LedgerCommandType, StreamKind | 'any'> = {
  RegisterInspection: 'inspection',
  OpenPlan: 'plan',
  ChangePlanOwner: 'plan',
  ReceiveRecommendation: 'item',
  AssignOwner: 'item',
  ChangeDueDate: 'item',
  RecordResponse: 'item',
  PostUpdate: 'item',
  ChangeRag: 'item',
  MarkComplete: 'item',
  Reopen: 'item',
  MarkNotApplicable: 'item',
  TransferToPlan: 'item',
  AllocateJointly: 'item',
  PresentBoardReport: 'board',
  CorrectEntry: 'any',
  RetractEntry: 'any',
};
