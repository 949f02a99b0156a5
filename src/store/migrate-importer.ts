import type { NewEvent, RecordedEvent } from '../domain/envelope.js';
import { ConcurrencyError, IntegrityError } from '../errors.js';
import type { EventStore } from './event-store.js';
import { eventHash, GENESIS_HASH } from './hash-chain.js';

/** What one importRecorded call did. */
export interface ImportOutcome {
  /** Events written now. */
  imported: number;
  /** Events the target already held, identical (same id, place and hash): a re-run. */
  alreadyPresent: number;
}

/**
 * The second, explicit port used only by `ledger migrate`: it takes events that were sealed by
 * another store, envelope and all, and stores them unchanged (same id, revision, recordedAt,
 * hashes; a new position, which is each store's own). Ordinary appends never accept those
 * server-owned fields (docs/architecture.md, Store, "Append rules"); this is a separate object, opened by an operator, never
 * reachable from a request.
 */
export interface EventImporter {
  /**
   * Imports consecutive events of one stream, in revision order. Verifies before writing that
   * each event's hash matches its envelope and chains to the previous one (the target's last
   * event, or genesis), and after writing that the target sealed exactly the same hashes.
   * Idempotent: events already stored identically are counted, not written again.
   * @throws IntegrityError when a hash or the chain does not match.
   */
  importRecorded(streamId: string, events: RecordedEvent[]): Promise<ImportOutcome>;
  close(): Promise<void>;
}

/** The writer fields of a recorded event: exactly what an append takes. */
function asNewEvent(event: RecordedEvent): NewEvent {
  const { eventId, type, schemaVersion, effectiveOn, actor, correlationId, causationId, provenance, data } =
    event;
  return {
    eventId,
    type,
    schemaVersion,
    effectiveOn,
    actor,
    correlationId,
    causationId,
    ...(provenance === undefined ? {} : { provenance }),
    data,
  };
}

/** Checks a segment on its own: one stream, consecutive revisions, hashes that match, a chain. */
export function verifySegment(streamId: string, events: RecordedEvent[]): void {
  events.forEach((event, i) => {
    if (event.streamId !== streamId) {
      throw new IntegrityError(event.eventId, `belongs to ${event.streamId}, not ${streamId}`);
    }
    if (eventHash(event) !== event.hash)
      throw new IntegrityError(event.eventId, 'hash does not match its envelope');
    const previous = events[i - 1];
    if (!previous) return;
    if (event.revision !== previous.revision + 1) {
      throw new IntegrityError(
        event.eventId,
        `revision ${event.revision} does not follow ${previous.revision}`,
      );
    }
    if (event.prevHash !== previous.hash) throw new IntegrityError(event.eventId, 'prevHash does not chain');
  });
  const first = events[0];
  if (first && first.revision === 0 && first.prevHash !== GENESIS_HASH) {
    throw new IntegrityError(first.eventId, 'the first event of a stream must chain to genesis');
  }
}

/** Runs of consecutive events stamped with the same instant: each was (part of) one append. */
function runsByInstant(events: RecordedEvent[]): RecordedEvent[][] {
  const runs: RecordedEvent[][] = [];
  for (const event of events) {
    const run = runs.at(-1);
    if (run && run[0]?.recordedAt === event.recordedAt) run.push(event);
    else runs.push([event]);
  }
  return runs;
}

/**
 * An importer for any store adapter, through that adapter's own append: it opens a second
 * instance of the target store whose clock replays each event's original recordedAt, and appends
 * the writer fields at the exact original revision. The target therefore seals every event
 * itself, with the same inputs, and must arrive at the same hash: comparing the two is the
 * verification on arrival. Nothing new is needed in either adapter, and SQLite and EventStoreDB
 * import through exactly the code paths that serve ordinary appends.
 *
 * @param open opens the target store with the given clock; the importer closes it.
 */
export function createReplayImporter(
  open: (clock: () => Date) => EventStore | Promise<EventStore>,
): EventImporter {
  let instant: Date | null = null;
  const replayClock = () => {
    if (!instant) throw new Error('the replay clock was read outside an import');
    return instant;
  };
  const opened = Promise.resolve(open(replayClock));
  // One import at a time: the replay clock is shared by every append of this instance.
  let queue: Promise<unknown> = Promise.resolve();

  /** Splits a segment into what the target already holds (checked identical) and what it lacks. */
  async function alreadyHeld(store: EventStore, streamId: string, events: RecordedEvent[]) {
    const first = events[0];
    const [targetHead] = await store.readStream(streamId, { direction: 'backwards', limit: 1 });
    const targetRevision = targetHead?.revision ?? -1;
    if (!first || first.revision > targetRevision) return { held: 0, targetHead };
    const stored = await store.readStream(streamId, {
      fromRevision: first.revision,
      limit: targetRevision - first.revision + 1,
    });
    stored.forEach((held, i) => {
      const source = events[i];
      if (source && (held.eventId !== source.eventId || held.hash !== source.hash)) {
        throw new IntegrityError(
          source.eventId,
          `the target holds another event at revision ${held.revision}`,
        );
      }
    });
    return { held: Math.min(stored.length, events.length), targetHead };
  }

  async function appendRun(store: EventStore, streamId: string, run: RecordedEvent[]): Promise<void> {
    const first = run[0];
    if (!first) return;
    instant = new Date(first.recordedAt);
    let result: Awaited<ReturnType<EventStore['append']>>;
    try {
      result = await store.append(streamId, run.map(asNewEvent), { expectedRevision: first.revision - 1 });
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw new IntegrityError(first.eventId, `${streamId} changed in the target while importing`);
      }
      throw error;
    } finally {
      instant = null;
    }
    result.events.forEach((stored, i) => {
      const source = run[i];
      if (!source || stored.hash !== source.hash || stored.revision !== source.revision) {
        throw new IntegrityError(stored.eventId, 'the target sealed a different hash than the source holds');
      }
    });
  }

  async function importSegment(
    store: EventStore,
    streamId: string,
    events: RecordedEvent[],
  ): Promise<ImportOutcome> {
    verifySegment(streamId, events);
    const { held, targetHead } = await alreadyHeld(store, streamId, events);
    const missing = events.slice(held);
    const next = missing[0];
    if (next) {
      // The first missing event must continue the target's stream exactly: no gap, same chain.
      const targetRevision = held > 0 ? (events[held - 1]?.revision ?? -1) : (targetHead?.revision ?? -1);
      const targetHash = held > 0 ? events[held - 1]?.hash : (targetHead?.hash ?? GENESIS_HASH);
      if (next.revision !== targetRevision + 1) {
        throw new IntegrityError(
          next.eventId,
          `revision ${next.revision} would leave a gap after ${targetRevision}`,
        );
      }
      if (next.prevHash !== targetHash) {
        throw new IntegrityError(
          next.eventId,
          `does not chain to the target's event at revision ${targetRevision}`,
        );
      }
      for (const run of runsByInstant(missing)) await appendRun(store, streamId, run);
    }
    return { imported: missing.length, alreadyPresent: held };
  }

  return {
    importRecorded(streamId, events) {
      const job = queue.then(async () => importSegment(await opened, streamId, events));
      queue = job.catch(() => undefined);
      return job;
    },
    async close() {
      await queue;
      await (await opened).close();
    },
  };
}
