import type { BusinessDate } from './fields.js';
import { LedgerEventBody } from './ledger-event.js';

/**
 * The one definition of corrections, shared by the write side (`correction-decider.ts`, which
 * judges a CorrectEntry / RetractEntry and folds a stream's journal) and the read side
 * (`projections/effective-events.ts`, which answers "what was true at D, as known at K").
 * docs/architecture.md, "State and corrections" and "Projections and time travel".
 */

/** Corrections and retractions: statements about another entry, never facts themselves. */
export const isCorrectionType = (type: string): boolean =>
  type === 'EntryCorrected' || type === 'EntryRetracted';

/** The events that create a stream: they anchor its earliest business date. */
const CREATION_TYPES: ReadonlySet<string> = new Set([
  'InspectionRegistered',
  'PlanOpened',
  'RecommendationReceived',
]);
export const isCreationType = (type: string): boolean => CREATION_TYPES.has(type);

/**
 * Identity and links to other entities (`ref`, any `…Id` / `…Ids` key): a correction cannot
 * move an event to another entity. The decider refuses such a correction; when laying fields
 * over an event these keys are never applied.
 */
export const isIdentityKey = (key: string): boolean => key === 'ref' || /Ids?$/.test(key);

/** What a correction or retraction may target: a fact, not another correction. */
export const isCorrectable = (type: string): boolean => !isCorrectionType(type);

/** What a retraction may void: a fact that does not create its stream (close it, or correct it). */
export const isRetractable = (type: string): boolean => isCorrectable(type) && !isCreationType(type);

/**
 * Lays a correction's `fields` over a body's data (identity keys left out) and re-validates the
 * result with the body's own schema: a correction can never produce an event its type forbids.
 */
export function correctBody(body: LedgerEventBody, fields: Readonly<Record<string, unknown>>) {
  const applied: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!isIdentityKey(key)) applied[key] = value;
  }
  return LedgerEventBody.safeParse({ type: body.type, data: { ...body.data, ...applied } });
}

/** A correction's `effectiveOn`, when given, moves the corrected fact on the business axis. */
export const correctedEffectiveOn = (correction: BusinessDate | null, current: BusinessDate): BusinessDate =>
  correction ?? current;

/**
 * The order facts are folded in: business time first, then the stream's own order (its
 * revision, or the log position, which orders one stream's events the same way).
 */
export function compareFacts(aDay: string, aSeq: number, bDay: string, bSeq: number): number {
  if (aDay < bDay) return -1;
  if (aDay > bDay) return 1;
  return aSeq - bSeq;
}
