import { z } from 'zod';
import { CorruptEventError } from '../errors.js';
import { BoardReportPresented } from './board-events.js';
import { EntryCorrected, EntryRetracted } from './correction-events.js';
import type { RecordedEvent } from './envelope.js';
import { InspectionRegistered } from './inspection-events.js';
import {
  DueDateChanged,
  JointlyAllocated,
  MarkedComplete,
  MarkedNotApplicable,
  OwnerAssigned,
  RagChanged,
  RecommendationReceived,
  Reopened,
  ResponseRecorded,
  TransferredBetweenPortfolios,
  UpdatePosted,
} from './item-events.js';
import { PlanOpened, PlanOwnerChanged } from './plan-events.js';
import { upcast } from './upcasters.js';

/** Every event the ledger knows, discriminated on `type`. */
export const LedgerEventBody = z.discriminatedUnion('type', [
  InspectionRegistered,
  PlanOpened,
  PlanOwnerChanged,
  RecommendationReceived,
  OwnerAssigned,
  DueDateChanged,
  ResponseRecorded,
  UpdatePosted,
  RagChanged,
  MarkedComplete,
  Reopened,
  MarkedNotApplicable,
  TransferredBetweenPortfolios,
  JointlyAllocated,
  BoardReportPresented,
  EntryCorrected,
  EntryRetracted,
]);
export type LedgerEventBody = z.infer<typeof LedgerEventBody>;
export type LedgerEventType = LedgerEventBody['type'];

/**
 * The schema version each type is written with today. Older versions are upcast on read
 * (see upcasters.ts) and never rewritten in the store.
 */
export const CURRENT_SCHEMA_VERSION: Record<LedgerEventType, number> = {
  InspectionRegistered: 1,
  PlanOpened: 1,
  PlanOwnerChanged: 1,
  RecommendationReceived: 2,
  OwnerAssigned: 2,
  DueDateChanged: 3,
  ResponseRecorded: 2,
  UpdatePosted: 1,
  RagChanged: 1,
  MarkedComplete: 1,
  Reopened: 1,
  MarkedNotApplicable: 1,
  TransferredBetweenPortfolios: 1,
  JointlyAllocated: 1,
  BoardReportPresented: 2,
  EntryCorrected: 1,
  EntryRetracted: 1,
};

export const isLedgerEventType = (type: string): type is LedgerEventType =>
  Object.hasOwn(CURRENT_SCHEMA_VERSION, type);

/** A decoded event: the typed body at the current schema version, with its full envelope. */
export type LedgerEvent<B extends LedgerEventBody = LedgerEventBody> = Omit<RecordedEvent, 'type' | 'data'> &
  B;

/**
 * Turns a stored record into a typed event: upcasts old versions, validates the body, and
 * fails loudly (naming the event) on anything it does not understand. A silently wrong
 * state is worse than an error.
 */
export function decodeEvent(record: RecordedEvent): LedgerEvent {
  if (!isLedgerEventType(record.type)) {
    throw new CorruptEventError(record.eventId, record.type, 'unknown event type');
  }
  const current = CURRENT_SCHEMA_VERSION[record.type];
  if (record.schemaVersion > current) {
    throw new CorruptEventError(
      record.eventId,
      record.type,
      `schema version ${record.schemaVersion} is newer than this ledger understands (${current}); upgrade the ledger`,
    );
  }
  const data = upcast(record.eventId, record.type, record.schemaVersion, current, record.data);
  const parsed = LedgerEventBody.safeParse({ type: record.type, data });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
    throw new CorruptEventError(record.eventId, record.type, `data does not match its schema (${where})`);
  }
  return { ...record, ...parsed.data, schemaVersion: current };
}
