import { describe, expect, it } from 'vitest';
import { verifyTail } from '../../src/app/verify-tail.js';
import { ConcurrencyError, DuplicateEventError, ValidationError } from '../../src/errors.js';
import type { EsdbClient } from '../../src/store/eventstoredb-client.js';
import { claimStreamOf } from '../../src/store/eventstoredb-id-claims.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb-store.js';
import { newEvent, newEvents, uniqueStreamId, waitFor } from './factories.js';
import { FakeEsdb } from './fake-esdb.js';

/**
 * Findings of issue 16 that need a server's behaviour, shown on the in-memory server behind
 * the client's real types (fake-esdb.ts); each fails on the adapter before its fix (the report
 * of issue 16 lists the runs).
 */
describe('EventStoreDbStore: what only a server shows, continued', () => {
  it('given a server that never sends the caught-up signal (before 23.10), caughtUp still resolves once the handler reached the head', async () => {
    const fake = new FakeEsdb();
    fake.sendsCaughtUp = false;
    const store = openEventStoreDbStore({ client: fake.client() });
    await store.append(uniqueStreamId(), newEvents(20), { expectedRevision: 'no_stream' });
    let handled = 0;
    const subscription = store.subscribe({}, async () => {
      await new Promise((r) => setTimeout(r, 1));
      handled++;
    });
    await subscription.caughtUp;
    expect(handled).toBe(20);
    await subscription.close();
    await store.close();
  });

  it('given no caught-up signal and a head that could not be read at the start, caughtUp still resolves (it asks again on connecting)', async () => {
    const fake = new FakeEsdb();
    fake.sendsCaughtUp = false;
    const client = fake.client();
    let failed = false;
    const readAll: EsdbClient['readAll'] = (options) => {
      if (!failed && options?.direction === 'backwards') {
        failed = true;
        const failing = client.readAll({ ...options, fromPosition: { commit: 1n, prepare: 1n } });
        return failing;
      }
      return client.readAll(options);
    };
    const store = openEventStoreDbStore({ client: { ...client, readAll } });
    await store.append(uniqueStreamId(), newEvents(5), { expectedRevision: 'no_stream' });
    failed = false;
    let handled = 0;
    const subscription = store.subscribe({}, () => {
      handled++;
    });
    await Promise.race([
      subscription.caughtUp,
      new Promise((_, reject) => setTimeout(() => reject(new Error('caughtUp never resolved')), 3000)),
    ]);
    expect(failed).toBe(true);
    expect(handled).toBe(5);
    await subscription.close();
    await store.close();
  });

  it('given a cursor inside a record, a subscription ends at once with a ValidationError naming `after`, not a server error on every reconnect', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client(), reconnectDelayMs: 5 });
    const { events } = await store.append(uniqueStreamId(), newEvents(3), { expectedRevision: 'no_stream' });
    const subscription = store.subscribe({ after: (events[0]?.position ?? 0) + 1 }, () => undefined);
    const error = await subscription.done.then(
      () => expect.unreachable('the subscription should end'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ issues: [{ path: 'after' }] });
    expect(fake.calls.filter((c) => c.method === 'subscribeToAll')).toHaveLength(0);
    await store.close();
  });

  it('the start-up tail check verifies the last events on a log whose positions have gaps', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    await store.append(uniqueStreamId(), newEvents(12), { expectedRevision: 'no_stream' });
    const tail = await verifyTail(store, { count: 5, order: { gapless: false, monotonicTime: false } });
    expect(tail).toMatchObject({ ok: true, checked: 5, findings: [] });
    await store.close();
  });

  it('an append to a long stream reads a bounded part of it, never the whole stream', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(600), { expectedRevision: 'no_stream' });
    fake.calls.length = 0;
    await store.append(streamId, newEvents(1), { expectedRevision: 599 });
    const reads = fake.calls.filter((c) => c.method === 'readStream' && c.stream === streamId);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads)
      expect(Number((read.options as { maxCount?: bigint }).maxCount ?? 1e9)).toBeLessThan(10);
  });

  it('of two identical appends racing through two instances, both succeed, and exactly one reports writing', async () => {
    const fake = new FakeEsdb();
    const clockA = () => new Date('2011-04-27T09:30:00.000Z');
    const clockB = () => new Date('2011-04-27T09:31:00.000Z');
    const a = openEventStoreDbStore({ client: fake.client(), clock: clockA });
    const b = openEventStoreDbStore({ client: fake.client(), clock: clockB });
    const streamId = uniqueStreamId();
    const events = newEvents(2);
    const results = await Promise.all([
      a.append(streamId, events, { expectedRevision: 'no_stream' }),
      b.append(streamId, events, { expectedRevision: 'no_stream' }),
    ]);
    expect(results.map((r) => r.noop).sort()).toEqual([false, true]);
    expect(results[0]?.events).toEqual(results[1]?.events);
    expect(fake.streamLength(streamId)).toBe(2);
    await waitFor(() => true, 10, 'settled');
  });

  describe('id claims: the index by event id, with nothing left holding nothing', () => {
    /** A client whose first write to `streamId` is preceded by `before()` (another writer landing first) or fails with `fail`. */
    const interfering = (
      client: EsdbClient,
      streamId: string,
      step: { before?: () => Promise<unknown>; fail?: Error },
    ) => {
      let done = false;
      const appendToStream: EsdbClient['appendToStream'] = async (stream, events, options) => {
        if (stream === streamId && !done) {
          done = true;
          await step.before?.();
          if (step.fail) throw step.fail;
        }
        return client.appendToStream(stream, events, options);
      };
      return { ...client, appendToStream };
    };

    it('given an append that lost its race after claiming, its ids are released: another stream may use them at once', async () => {
      const fake = new FakeEsdb();
      const store = openEventStoreDbStore({ client: fake.client() });
      const streamId = uniqueStreamId();
      const racing = openEventStoreDbStore({
        client: interfering(fake.client(), streamId, {
          before: () => store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' }),
        }),
      });
      const event = newEvent();
      await expect(
        racing.append(streamId, [event], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(fake.streamLength(claimStreamOf(event.eventId))).toBe(2);
      const elsewhere = await store.append(uniqueStreamId(), [event], { expectedRevision: 'no_stream' });
      expect(elsewhere.noop).toBe(false);
    });

    it('an event over the size limit is refused before any id is claimed', async () => {
      const fake = new FakeEsdb();
      const store = openEventStoreDbStore({ client: fake.client(), maxAppendBytes: 2000 });
      const [small, big] = [newEvent(), newEvent({ data: { note: 'x'.repeat(5000) } })];
      await expect(
        store.append(uniqueStreamId(), [small, big], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(fake.streamLength(claimStreamOf(small.eventId))).toBe(0);
      expect(fake.streamLength(claimStreamOf(big.eventId))).toBe(0);
    });

    it('given one id held by an append in flight, the DuplicateEventError releases the other ids it claimed', async () => {
      const fake = new FakeEsdb();
      const store = openEventStoreDbStore({ client: fake.client() });
      const [owner, x, y] = [uniqueStreamId(), newEvent(), newEvent()];
      // x is claimed by an append whose outcome is unknown (its connection dropped): its claim stays.
      const flaky = openEventStoreDbStore({
        client: interfering(fake.client(), owner, { fail: new Error('14 UNAVAILABLE: connection dropped') }),
      });
      await expect(flaky.append(owner, [x], { expectedRevision: 'no_stream' })).rejects.toThrow(
        /UNAVAILABLE/,
      );
      await expect(
        store.append(uniqueStreamId(), [y, x], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(DuplicateEventError);
      // y was claimed, then released: free for any stream, with no 60 s wait.
      expect((await store.append(uniqueStreamId(), [y], { expectedRevision: 'no_stream' })).noop).toBe(false);
      // x stays its owner's: the owner's retry lands.
      expect((await store.append(owner, [x], { expectedRevision: 'no_stream' })).noop).toBe(false);
    });
  });
});
