import { describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError } from '../../src/errors.js';
import { readPlannedStreams } from '../../src/import/record/planned-reads.js';
import { appendStreams } from '../../src/store/append-streams.js';
import { type StoreFactory, withStore } from './contract-support.js';
import { newEvent, newEvents, uniqueStreamId } from './factories.js';

/**
 * Part of the store contract: many streams appended together (`appendStreams`, what an import
 * does with its thousands of item streams) are each judged on their own, as one `append` is
 * (docs/architecture.md, Store, "Many streams in one commit").
 */
export function manyStreamsContract(factory: StoreFactory): void {
  describe('many streams appended together', () => {
    const current = withStore(factory);

    it('given new streams, then each gets its events at revisions 0..n-1, in the order given, outcomes in order', async () => {
      const { store } = current();
      const ids = [uniqueStreamId(), uniqueStreamId(), uniqueStreamId()];
      const appends = ids.map((streamId, n) => ({
        streamId,
        events: newEvents(n + 1),
        expectedRevision: 'no_stream' as const,
      }));
      const outcomes = await appendStreams(store, appends);
      expect(outcomes.map((o) => o.ok && o.result.nextRevision)).toEqual([0, 1, 2]);
      for (const [n, a] of appends.entries()) {
        const stored = await store.readStream(a.streamId);
        expect(stored.map((e) => e.eventId)).toEqual(a.events.map((e) => e.eventId));
        expect(stored.map((e) => e.revision)).toEqual(Array.from({ length: n + 1 }, (_, i) => i));
      }
    });

    it('given one stream at another revision, then only it fails (ConcurrencyError) and the others are written', async () => {
      const { store } = current();
      const moved = uniqueStreamId();
      await store.append(moved, newEvents(2), { expectedRevision: 'no_stream' });
      const before = uniqueStreamId();
      const after = uniqueStreamId();
      const outcomes = await appendStreams(store, [
        { streamId: before, events: newEvents(1), expectedRevision: 'no_stream' },
        { streamId: moved, events: newEvents(1), expectedRevision: 0 },
        { streamId: after, events: newEvents(1), expectedRevision: 'no_stream' },
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
      const failed = outcomes[1];
      expect(failed?.ok === false && failed.error).toBeInstanceOf(ConcurrencyError);
      expect(await store.streamRevision(moved)).toBe(1);
      expect((await store.readStream(before)).length).toBe(1);
      expect((await store.readStream(after)).length).toBe(1);
    });

    it('given the same appends again (a re-run after a crash), then each is a no-op with the stored events; an id stored in another stream fails only its own', async () => {
      const { store } = current();
      const appends = [uniqueStreamId(), uniqueStreamId()].map((streamId) => ({
        streamId,
        events: newEvents(2),
        expectedRevision: 'no_stream' as const,
      }));
      const first = await appendStreams(store, appends);
      const stolen = appends[0]?.events[0] ?? newEvent();
      const again = await appendStreams(store, [
        ...appends,
        { streamId: uniqueStreamId(), events: [stolen], expectedRevision: 'no_stream' },
      ]);
      expect(again.map((o) => o.ok && o.result.noop)).toEqual([true, true, false]);
      expect(again.slice(0, 2).map((o) => o.ok && o.result.events)).toEqual(
        first.map((o) => o.ok && o.result.events),
      );
      const duplicate = again[2];
      expect(duplicate?.ok === false && duplicate.error).toBeInstanceOf(DuplicateEventError);
    });

    it('given streams with events and streams without, then existingStreams (where offered) names exactly those with events, and the planned reads find each stream as stored', async () => {
      const { store } = current();
      const [two, one, none] = [uniqueStreamId(), uniqueStreamId(), uniqueStreamId()];
      await store.append(two, newEvents(2), { expectedRevision: 'no_stream' });
      await store.append(one, newEvents(1), { expectedRevision: 'no_stream' });
      const asked = [none, two, one, two];
      if (store.existingStreams) expect(await store.existingStreams(asked)).toEqual(new Set([two, one]));
      const read = await readPlannedStreams(store, [none, two, one], async () => {});
      expect([...read.entries()].map(([id, events]) => [id, events.map((e) => e.revision)])).toEqual([
        [none, []],
        [two, [0, 1]],
        [one, [0]],
      ]);
    });
  });
}
