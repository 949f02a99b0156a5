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
