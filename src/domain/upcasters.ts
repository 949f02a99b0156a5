import { CorruptEventError } from '../errors.js';

/** Turns the data of version `n` into the data of version `n + 1`. */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Registry: type → version → step to the next version. Steps are chained, so a v1 event read
 * by a v3 ledger passes through both. Events are never rewritten in the store: the hash chain
 * covers what was written.
 */
// Before listings (v1 of OwnerAssigned and ResponseRecorded, v2 of DueDateChanged) every such fact
// was about the item itself.
const aboutTheItem: Upcaster = (data) => ({ ...data, listingPlanId: null });

const STEPS: Record<string, Record<number, Upcaster>> = {
  DueDateChanged: {
    // v1 had no notion of escalation; a change recorded then was an ordinary reschedule.
    1: (data) => ({ ...data, escalated: false }),
    2: aboutTheItem,
  },
  OwnerAssigned: { 1: aboutTheItem },
  ResponseRecorded: { 1: aboutTheItem },
  RecommendationReceived: {
    // v1 refs were recorded as the ledger kept them; a qualified one cannot be told from a printed one.
    1: (data) => ({ ...data, printedRef: null }),
  },
  BoardReportPresented: {
    // v1 did not record the time point shown: it was the board date, as recorded with the report.
    1: (data) => ({ ...data, asOf: data.boardDate, knownAt: null }),
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function upcast(eventId: string, type: string, from: number, to: number, data: unknown): unknown {
  let current = data;
  for (let version = from; version < to; version++) {
    const step = STEPS[type]?.[version];
    if (!step) throw new CorruptEventError(eventId, type, `no upcaster from schema version ${version}`);
    if (!isRecord(current)) return current; // the schema check that follows names the problem
    current = step(current);
  }
  return current;
}
