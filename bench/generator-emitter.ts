import type { Actor, NewEvent } from '../src/domain/envelope.js';
import { deterministicEventId } from '../src/domain/ids.js';
import { CURRENT_SCHEMA_VERSION, type LedgerEventBody } from '../src/domain/ledger-event.js';
import type { Rng } from './rng.js';

export const DAY_MS = 86_400_000;

/** One generated event: a body plus everything the writer and the store clock would set. */
export interface GeneratedEvent {
  /** Order of generation; breaks recordedAt ties so the global order is total and stable. */
  readonly seq: number;
  readonly streamId: string;
  readonly eventId: string;
  readonly body: LedgerEventBody;
  /** Business date, YYYY-MM-DD. */
  readonly effectiveOn: string;
  /** What the store clock must say when this event is appended (ms since the epoch). */
  readonly recordedAtMs: number;
  readonly actor: Actor;
  readonly correlationId: string | null;
}

export const dayToDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The envelope a writer would hand the store (the store adds revision, position, hashes). */
export function toNewEvent(event: GeneratedEvent): NewEvent {
  return {
    eventId: event.eventId,
    type: event.body.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[event.body.type],
    data: event.body.data,
    effectiveOn: event.effectiveOn,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: null,
  };
}

const ACTORS: readonly Actor[] = Array.from({ length: 12 }, (_, i) => ({
  id: `key_bench${String(i).padStart(2, '0')}`,
  method: 'api-key' as const,
  requestId: null,
  claimedName: null,
}));

/**
 * Stamps generated bodies with ids, actors and a recordedAt. recordedAt is the business day
 * plus office hours plus a lag (mostly 0-2 days; sometimes weeks, the back-dated entries that
 * make asOf and knownAt differ) and never goes backwards within a stream, because a stream's
 * revisions are appended in recordedAt order.
 */
export class Emitter {
  private seq = 0;
  private readonly lastInStream = new Map<string, number>();

  constructor(
    private readonly seed: string,
    private readonly sink: (event: GeneratedEvent) => void,
  ) {}

  emit(rng: Rng, streamId: string, day: number, body: LedgerEventBody, minRecordedMs = 0): GeneratedEvent {
    const seq = this.seq++;
    const lag = rng.chance(0.05) ? rng.int(5, 40) : rng.int(0, 2);
    const officeHours = (8 + rng.next() * 10) * 3_600_000;
    const candidate = Math.max((day + lag) * DAY_MS + Math.floor(officeHours), minRecordedMs);
    const last = this.lastInStream.get(streamId) ?? Number.NEGATIVE_INFINITY;
    const recordedAtMs = Math.max(candidate, last + 1);
    this.lastInStream.set(streamId, recordedAtMs);
    const event: GeneratedEvent = {
      seq,
      streamId,
      eventId: deterministicEventId(`bench:${this.seed}:${seq}`),
      body,
      effectiveOn: dayToDate(day),
      recordedAtMs,
      actor: rng.pick(ACTORS),
      correlationId: `bench-${seq}`,
    };
    this.sink(event);
    return event;
  }

  /** Streams of finished inspections are never written again: forget them to bound memory. */
  forget(streamIds: readonly string[]): void {
    for (const id of streamIds) this.lastInStream.delete(id);
  }
}
