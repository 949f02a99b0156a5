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
 * the store is always asked for what follows the cached revision, so the cache is never
 * trusted for the head). Reading and re-folding whole streams was over a third of a command's
 * CPU. One cache per (store, decider), so states of different kinds never meet.
 */
export class StreamCache<S> {
  private readonly entries = new Map<string, StreamEntry<S>>();

  constructor(private readonly decider: Decider<unknown, S>) {}

  async load(store: EventStore, streamId: string): Promise<StreamEntry<S>> {
    const cached = this.entries.get(streamId);
    const fresh = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : {});
    let entry: StreamEntry<S>;
    if (cached && (fresh.length === 0 || fresh[0]?.revision === cached.revision + 1)) {
      entry =
        fresh.length === 0
          ? cached
          : {
              records: cached.records.concat(fresh),
              state: fresh.map(decodeEvent).reduce(this.decider.evolve, cached.state),
              revision: fresh[fresh.length - 1]?.revision ?? cached.revision,
            };
    } else {
      // No entry (or a gap, which a well-behaved store never gives): fold the whole stream.
      const records = cached ? await store.readStream(streamId) : fresh;
      entry = {
        records,
        state: records.map(decodeEvent).reduce(this.decider.evolve, this.decider.initialState),
        revision: records.at(-1)?.revision ?? -1,
      };
    }
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.entries.delete(streamId);
    if (entry.revision >= 0) this.entries.set(streamId, entry);
    if (this.entries.size > MAX_STREAMS) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return entry;
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
