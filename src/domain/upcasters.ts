import { CorruptEventError } from '../errors.js';

/** Turns the data of version `n` into the data of version `n + 1`. */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Registry: type → version → step to the next version. Steps are chained, so a v1 event read
 * by a v3 ledger passes through both. Events are never rewritten in the store: the hash chain
 * covers what was written.
 */
const STEPS: Record<string, Record<number, Upcaster>> = {
  DueDateChanged: {
    // v1 had no notion of escalation; a change recorded then was an ordinary reschedule.
    1: (data) => ({ ...data, escalated: false }),
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
