import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import type { EventStore } from '../../src/store/event-store.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvents, uniqueStreamId, waitFor } from './factories.js';

/** Longer than any adapter's poll interval: time for a wrongly delivered event to show up. */
const SETTLE_MS = 300;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/** Collects the events of `streams` only, so that other writers on a shared server do not count. */
function collector(streams: string[]) {
  const seen: RecordedEvent[] = [];
  return {
    seen,
    handle(event: RecordedEvent) {
      if (streams.includes(event.streamId)) seen.push(event);
    },
    ids: () => seen.map((e) => e.eventId),
  };
}

async function appendAll(store: EventStore, streamId: string, batches: number[]): Promise<string[]> {
  const ids: string[] = [];
  for (const size of batches) {
    const { events } = await store.append(streamId, newEvents(size), { expectedRevision: 'any' });
    ids.push(...events.map((e) => e.eventId));
  }
  return ids;
}

function expectIncreasingPositions(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    expect(events[i]?.position).toBeGreaterThan(events[i - 1]?.position ?? Number.POSITIVE_INFINITY);
  }
}

/** Part of the store contract: catch-up and live subscriptions. */
export function subscriptionContract(factory: StoreFactory): void {
  describe('subscribe', () => {
    const current = withStore(factory);

    it('delivers every event once, in order, across catch-up and live, with appends during catch-up', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const start = await store.headPosition();
      const expected = await appendAll(store, streamId, [3, 2]);
      const got = collector([streamId]);
      let appendedDuringCatchUp = false;
      const subscription = store.subscribe({ after: start }, async (event) => {
        got.handle(event);
        if (!appendedDuringCatchUp && event.streamId === streamId) {
          appendedDuringCatchUp = true;
          expected.push(...(await appendAll(store, streamId, [2, 1])));
        }
      });
      await subscription.caughtUp;
      expected.push(...(await appendAll(store, streamId, [1, 3])));
      await waitFor(() => got.seen.length >= expected.length, 5000, 'live events');
      await settle();
      await subscription.close();
      expect(got.ids()).toEqual(expected);
      expectIncreasingPositions(got.seen);
    });

    it('pages through a long catch-up while appends keep arriving', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const start = await store.headPosition();
      const expected = await appendAll(store, streamId, [1200]);
      const got = collector([streamId]);
      const subscription = store.subscribe({ after: start }, async (event) => {
        got.handle(event);
        // Yield now and then so that the writer below interleaves with the catch-up.
        if (event.revision % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
      });
      for (let i = 0; i < 20; i++) {
        expected.push(...(await appendAll(store, streamId, [1])));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => got.seen.length >= expected.length, 10_000, 'all events');
      await settle();
      await subscription.close();
      expect(got.seen.map((e) => e.revision)).toEqual(expected.map((_, i) => i));
      expect(got.ids()).toEqual(expected);
    });

    it('resumes from a checkpoint without repeating or skipping', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const start = await store.headPosition();
      const expected = await appendAll(store, streamId, [6]);
      const first = collector([streamId]);
      let checkpoint = start;
      const subscription = store.subscribe({ after: start }, (event) => {
        if (first.seen.length === 4) return;
        first.handle(event);
        checkpoint = event.position;
      });
      await waitFor(() => first.seen.length === 4, 5000, 'first four events');
      await subscription.close();
      expected.push(...(await appendAll(store, streamId, [2])));
      const second = collector([streamId]);
      const resumed = store.subscribe({ after: checkpoint }, (event) => second.handle(event));
      await waitFor(() => second.seen.length >= 4, 5000, 'the remaining events');
      await settle();
      await resumed.close();
      expect([...first.ids(), ...second.ids()]).toEqual(expected);
    });

    it('stops delivering once close() has resolved, and done resolves', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const start = await store.headPosition();
      await appendAll(store, streamId, [2]);
      const got = collector([streamId]);
      const subscription = store.subscribe({ after: start }, (event) => got.handle(event));
      await waitFor(() => got.seen.length === 2, 5000, 'two events');
      await subscription.close();
      await appendAll(store, streamId, [3]);
      await settle();
      expect(got.seen).toHaveLength(2);
      await expect(subscription.done).resolves.toBeUndefined();
    });

    it('ends when the handler throws: done rejects with that error and nothing more is delivered', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const start = await store.headPosition();
      await appendAll(store, streamId, [4]);
      const failure = new Error('projection failed');
      const got = collector([streamId]);
      const subscription = store.subscribe({ after: start }, (event) => {
        got.handle(event);
        if (event.streamId === streamId && event.revision === 1) throw failure;
      });
      expect(await rejectionOf(subscription.done)).toBe(failure);
      await appendAll(store, streamId, [1]);
      await settle();
      expect(got.seen.map((e) => e.revision)).toEqual([0, 1]);
    });

    it('from the head: caughtUp resolves, then only new events are delivered, to every subscriber', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await appendAll(store, streamId, [2]);
      const head = await store.headPosition();
      const [one, two] = [collector([streamId]), collector([streamId])];
      const subscriptions = [
        store.subscribe({ after: head }, (event) => one.handle(event)),
        store.subscribe({ after: head }, (event) => two.handle(event)),
      ];
      await Promise.all(subscriptions.map((s) => s.caughtUp));
      expect(one.seen).toEqual([]);
      const expected = await appendAll(store, streamId, [1, 1]);
      await waitFor(() => one.seen.length >= 2 && two.seen.length >= 2, 5000, 'live events');
      await settle();
      await Promise.all(subscriptions.map((s) => s.close()));
      expect(one.ids()).toEqual(expected);
      expect(two.ids()).toEqual(expected);
    });
  });
}
