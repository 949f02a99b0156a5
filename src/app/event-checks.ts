import type { RecordedEvent } from '../domain/envelope.js';
import { eventHash, GENESIS_HASH } from '../store/hash-chain.js';

/** A stored column of an event, named as the SQLite table names it (`src/store/sqlite-schema.ts`). */
export type Column =
  | 'event_id'
  | 'type'
  | 'schema_version'
  | 'stream_id'
  | 'revision'
  | 'position'
  | 'effective_on'
  | 'recorded_at'
  | 'actor'
  | 'correlation_id'
  | 'causation_id'
  | 'data'
  | 'prev_hash'
  | 'hash'
  | 'provenance';

const COLUMN_OF: Record<keyof RecordedEvent, Column> = {
  eventId: 'event_id',
  type: 'type',
  schemaVersion: 'schema_version',
  streamId: 'stream_id',
  revision: 'revision',
  position: 'position',
  effectiveOn: 'effective_on',
  recordedAt: 'recorded_at',
  actor: 'actor',
  correlationId: 'correlation_id',
  causationId: 'causation_id',
  data: 'data',
  prevHash: 'prev_hash',
  hash: 'hash',
  provenance: 'provenance',
};

/**
 * The columns a changed hash cannot tell apart on its own: the hash covers them all, and
 * nothing else in the file repeats them. A witness copy (a backup) pins the one that changed.
 */
export const CONTENT_COLUMNS: Column[] = [
  'event_id',
  'type',
  'schema_version',
  'effective_on',
  'recorded_at',
  'actor',
  'correlation_id',
  'causation_id',
  'data',
  'provenance',
  'hash',
];

/** One thing wrong with one event. `columns` has one entry when the evidence pins it. */
export interface Finding {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  columns: Column[];
  reason: string;
}

/** What the checks remember of the log so far: one entry per stream, and the last event. */
export interface LogState {
  streams: Map<string, { revision: number; hash: string; recomputed: string }>;
  /** Stream whose last stored hash is this value (to recognise an event moved to another stream). */
  streamOfLastHash: Map<string, string>;
  previous: { event: RecordedEvent; maxRecordedAtBefore: string } | null;
  maxRecordedAt: string;
}

export const newLogState = (): LogState => ({
  streams: new Map(),
  streamOfLastHash: new Map(),
  previous: null,
  maxRecordedAt: '',
});

/** What the store promises about order, so the checks hold it to exactly that. */
export interface OrderRules {
  /** Positions are 0, 1, 2, … with no gaps (SQLite); else only increasing (EventStoreDB). */
  gapless: boolean;
  /** recordedAt never decreases along the log (the SQLite store clamps its clock). */
  monotonicTime: boolean;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;
const finding = (e: RecordedEvent, columns: Column[], reason: string): Finding => ({
  eventId: e.eventId,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  columns,
  reason,
});

/** Which single column, put back to what the chain says it was, makes the stored hash match. */
function pinChangedColumn(
  e: RecordedEvent,
  expected: { revision: number; prevHash: string },
  state: LogState,
): Column | null {
  if (e.prevHash !== expected.prevHash && eventHash({ ...e, prevHash: expected.prevHash }) === e.hash)
    return 'prev_hash';
  if (e.revision !== expected.revision && eventHash({ ...e, revision: expected.revision }) === e.hash)
    return 'revision';
  const otherStream = state.streamOfLastHash.get(e.prevHash);
  if (otherStream !== undefined && otherStream !== e.streamId) {
    if (eventHash({ ...e, streamId: otherStream }) === e.hash) return 'stream_id';
  }
  return null;
}

/**
 * Checks one event against the log before it: its position, its place in time, its stream's
 * revision and chain link, and its own hash. Returns what is wrong (possibly several things)
 * and, when an earlier finding turns out to be an edited `hash` (this event chains to what
 * that event's hash should have been), narrows that finding in place.
 */
export function checkEvent(
  e: RecordedEvent,
  state: LogState,
  rules: OrderRules,
  pendingHash: Map<string, Finding>,
): Finding[] {
  const out: Finding[] = [];
  const previous = state.previous?.event;
  const expectedPosition = previous ? previous.position + 1 : 0;
  if (rules.gapless && e.position !== expectedPosition) {
    const missing =
      e.position > expectedPosition
        ? `no event at position ${expectedPosition}${e.position - 1 > expectedPosition ? `–${e.position - 1}` : ''}: deleted, or moved`
        : `position ${e.position} does not follow ${expectedPosition - 1}`;
    out.push(finding(e, ['position'], `${missing} (positions are gapless)`));
  } else if (!rules.gapless && previous && e.position <= previous.position) {
    out.push(finding(e, ['position'], `position ${e.position} is not after ${previous.position}`));
  }
  if (rules.monotonicTime && state.previous && e.recordedAt < state.previous.event.recordedAt) {
    // An inversion between two neighbours: blame the one that is out of line with the rest.
    const { event: before, maxRecordedAtBefore } = state.previous;
    const culprit = e.recordedAt < maxRecordedAtBefore ? e : before;
    out.push(
      finding(
        culprit,
        ['position'],
        `recorded at ${culprit.recordedAt}, out of order with its neighbour at position ${culprit === e ? before.position : e.position}: events were moved (swapped or reordered)`,
      ),
    );
  }

  const last = state.streams.get(e.streamId);
  const earlier = pendingHash.get(e.streamId);
  pendingHash.delete(e.streamId);
  const expected = { revision: last ? last.revision + 1 : 0, prevHash: last ? last.hash : GENESIS_HASH };
  const recomputed = eventHash(e);
  if (recomputed !== e.hash) {
    const pinned = pinChangedColumn(e, expected, state);
    const reason =
      pinned === null
        ? `stored hash ${short(e.hash)} differs from the recomputed ${short(recomputed)}: the event was changed after it was written`
        : `${pinned} was changed after the event was written: put back as the chain says, the stored hash matches again`;
    const f = finding(e, pinned === null ? [...CONTENT_COLUMNS] : [pinned], reason);
    out.push(f);
    if (pinned === null) pendingHash.set(e.streamId, f);
  } else {
    if (e.revision !== expected.revision) {
      out.push(
        finding(
          e,
          ['revision'],
          `revision ${e.revision} where ${expected.revision} was expected: an event of the stream is missing, or this one was rewritten and rehashed`,
        ),
      );
    }
    if (e.prevHash !== expected.prevHash) {
      if (earlier && last && e.prevHash === last.recomputed) {
        // This event chains to what the previous event's hash should be: that hash was edited.
        earlier.columns = ['hash'];
        earlier.reason = `hash was changed after the event was written: the next event of the stream chains to the recomputed ${short(last.recomputed)}`;
      } else {
        out.push(
          finding(
            e,
            ['prev_hash'],
            `prev_hash ${short(e.prevHash)} does not chain to the previous event of the stream (${short(expected.prevHash)})`,
          ),
        );
      }
    }
  }
  if (last) state.streamOfLastHash.delete(last.hash);
  state.streams.set(e.streamId, { revision: e.revision, hash: e.hash, recomputed });
  state.streamOfLastHash.set(e.hash, e.streamId);
  state.previous = { event: e, maxRecordedAtBefore: state.maxRecordedAt };
  if (e.recordedAt > state.maxRecordedAt) state.maxRecordedAt = e.recordedAt;
  return out;
}

/** The columns in which a stored event differs from a witness copy (a backup of the same event). */
export function differingColumns(stored: RecordedEvent, witness: RecordedEvent): Column[] {
  const keys = Object.keys(COLUMN_OF).filter((k): k is keyof RecordedEvent => k in COLUMN_OF);
  return keys
    .filter((k) => k !== 'position' && JSON.stringify(stored[k]) !== JSON.stringify(witness[k]))
    .map((k) => COLUMN_OF[k]);
}
