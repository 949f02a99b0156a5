import type { Decider } from '../domain/decider.js';
import type { RecordedEvent } from '../domain/envelope.js';
import { decodeEvent } from '../domain/ledger-event.js';
import type { EventStore } from '../store/event-store.js';

/** A stream as a decider sees it: its records (for idempotency look-ups) and its folded state. */
export interface StreamEntry<S> {
  records: RecordedEvent[];
  state: S;
  /** Revision of the last record, -1 for a stream that does not exist. */
  revision: number;
}

/** Streams kept per cache; an evicted one is simply read again in full next time. */
const MAX_STREAMS = 2_000;

/**
 * The last folded state of recently used streams, so a command reads, decodes and folds only
 * the events appended since the previous command on that stream (by anyone, in any process:
 * `load` always asks the store for what follows the cached revision, so it never trusts the
 * cache for the head). Reading and re-folding whole streams was over a third of a command's
 * CPU. One cache per (store, decider), so states of different kinds never meet.
 *
 * `peek` and `appended` let the command handler skip even that read (docs/architecture.md,
 * "Domain and commands"): it decides on the cached state and appends with the cached revision
 * as expectedRevision, which the store checks under its write lock, so a state that is behind
 * the log can never be written on; the handler then judges again on a state `load` read.
 */
export class StreamCache<S> {
  private readonly entries = new Map<string, StreamEntry<S>>();

  constructor(private readonly decider: Decider<unknown, S>) {}

  async load(store: EventStore, streamId: string): Promise<StreamEntry<S>> {
    const cached = this.entries.get(streamId);
    const fresh = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : {});
    let entry: StreamEntry<S>;
    if (cached && (fresh.length === 0 || fresh[0]?.revision === cached.revision + 1)) {
      entry = fresh.length === 0 ? cached : this.extended(cached, fresh);
    } else {
      // No entry (or a gap, which a well-behaved store never gives): fold the whole stream.
      const records = cached ? await store.readStream(streamId) : fresh;
      entry = {
        records,
        state: records.map(decodeEvent).reduce(this.decider.evolve, this.decider.initialState),
        revision: records.at(-1)?.revision ?? -1,
      };
    }
    this.keep(streamId, entry);
    return entry;
  }

  /** The entry as last folded, without asking the store: it may be behind the log. */
  peek(streamId: string): StreamEntry<S> | undefined {
    return this.entries.get(streamId);
  }

  /**
   * Folds events this process has just appended to the stream, as the store returned them.
   * They follow the entry only if their append was made with the entry's revision (or, for a
   * stream new to the cache, started it at revision 0); otherwise the entry is dropped, and
   * the next `load` reads the stream again.
   */
  appended(streamId: string, events: readonly RecordedEvent[]): void {
    const first = events[0];
    if (first === undefined) return;
    const cached = this.entries.get(streamId);
    if (cached && first.revision === cached.revision + 1) {
      this.keep(streamId, this.extended(cached, events));
    } else if (!cached && first.revision === 0) {
      this.keep(
        streamId,
        this.extended({ records: [], state: this.decider.initialState, revision: -1 }, events),
      );
    } else {
      this.entries.delete(streamId);
    }
  }

  private extended(entry: StreamEntry<S>, events: readonly RecordedEvent[]): StreamEntry<S> {
    return {
      records: entry.records.concat(events),
      state: events.map(decodeEvent).reduce(this.decider.evolve, entry.state),
      revision: events[events.length - 1]?.revision ?? entry.revision,
    };
  }

  private keep(streamId: string, entry: StreamEntry<S>): void {
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.entries.delete(streamId);
    if (entry.revision >= 0) this.entries.set(streamId, entry);
    if (this.entries.size > MAX_STREAMS) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

/** One StreamCache per store for a decider; stores are weakly held, so a closed store's cache goes with it. */
export function cachePerStore<S>(decider: Decider<unknown, S>): (store: EventStore) => StreamCache<S> {
  const caches = new WeakMap<EventStore, StreamCache<S>>();
  return (store) => {
    let cache = caches.get(store);
    if (!cache) {
      cache = new StreamCache(decider);
      caches.set(store, cache);
    }
    return cache;
  };
}
