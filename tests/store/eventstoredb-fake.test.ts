import { CancelledError } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError } from '../../src/errors.js';
import { isTransientConnectionError } from '../../src/store/eventstoredb-mapping.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb-store.js';
import { storeContract } from './contract.js';
import { cuttingClient } from './cutting-client.js';
import { newEvent, newEvents, uniqueStreamId, waitFor } from './factories.js';
import { FakeEsdb } from './fake-esdb.js';

/**
 * The EventStoreDB adapter against an in-memory server behind the client's real signatures
 * (fake-esdb.ts): the whole store contract, and what only a server could otherwise show.
 */
storeContract('EventStoreDbStore on a fake server', async ({ clock }) => {
  const fake = new FakeEsdb();
  let store = openEventStoreDbStore({ client: fake.client(), clock });
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = openEventStoreDbStore({ client: fake.client(), clock });
      return store;
    },
    async cleanup() {
      await store.close();
    },
    batched(batchBytes, writes) {
      const open = (client = fake.client()) =>
        openEventStoreDbStore({ client, clock, maxAppendBytes: batchBytes });
      return { cut: open(cuttingClient(fake.client(), writes)), whole: open() };
    },
  };
});

describe('EventStoreDbStore against what a server does', () => {
  it("given throwOnAppendFailure=false, a lost race is a ConcurrencyError, not another writer's events", async () => {
    const fake = new FakeEsdb();
    fake.throwOnAppendFailure = false;
    const store = openEventStoreDbStore({ client: fake.client() });
    const streamId = uniqueStreamId();
    // Another writer lands between the adapter's read of the head and its append
    const other = openEventStoreDbStore({ client: fake.client() });
    const original = fake.client().appendToStream;
    let raced = false;
    const client = fake.client();
    const racing = openEventStoreDbStore({
      client: {
        ...client,
        appendToStream: (async (
          stream: string,
          ...rest: Parameters<typeof original> extends [unknown, ...infer R] ? R : never
        ) => {
          if (stream === streamId && !raced) {
            raced = true;
            await other.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
          }
          return client.appendToStream(stream, ...rest);
        }) as typeof original,
      },
    });
    await expect(
      racing.append(streamId, newEvents(1), { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(fake.streamLength(streamId)).toBe(1);
    await store.close();
  });

  it('given a follower that lags, every read is pinned to the leader and the read-back returns what was written', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    const streamId = uniqueStreamId();
    await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
    fake.followerSeesFirst = 0;
    const result = await store.append(streamId, newEvents(2), { expectedRevision: 1 });
    expect(result.events.map((e) => e.revision)).toEqual([2, 3]);
    expect(await store.streamRevision(streamId)).toBe(3);
    const reads = fake.calls.filter((c) => c.method === 'readStream' || c.method === 'readAll');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => (c.options as { requiresLeader?: boolean }).requiresLeader === true)).toBe(
      true,
    );
  });

  it('an append larger than the server takes in one call is written in batches, and succeeds', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    const streamId = uniqueStreamId();
    const big = (n: number) => newEvent({ data: { note: 'x'.repeat(400_000), n } });
    const result = await store.append(streamId, [big(0), big(1), big(2)], { expectedRevision: 'no_stream' });
    expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
    const appends = fake.calls.filter((c) => c.method === 'appendToStream' && c.stream === streamId);
    expect(appends.length).toBeGreaterThan(1);
  });

  it('an id claimed by its owner long ago is renewed by the owner, so another stream cannot take it', async () => {
    let now = Date.now() - 120_000;
    const fake = new FakeEsdb(() => new Date(now));
    const store = openEventStoreDbStore({ client: fake.client() });
    const event = newEvent();
    const owner = uniqueStreamId();
    // The owner's first attempt claims the id, then its append is lost (a dropped connection)
    const fail = fake.client();
    const flaky = openEventStoreDbStore({
      client: {
        ...fail,
        appendToStream: (async (stream: string, ...rest: unknown[]) => {
          if (stream === owner) throw new CancelledError();
          return Reflect.apply(fail.appendToStream, fail, [stream, ...rest]);
        }) as typeof fail.appendToStream,
      },
    });
    await expect(flaky.append(owner, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      CancelledError,
    );
    // Two minutes later the owner retries (again cut off), which renews its claim
    now = Date.now();
    await expect(flaky.append(owner, [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      CancelledError,
    );
    // Then another stream may not take the id, though the first claim is older than the grace period
    await expect(
      store.append(uniqueStreamId(), [event], { expectedRevision: 'no_stream' }),
    ).rejects.toBeInstanceOf(DuplicateEventError);
    // And the owner's next attempt lands
    expect((await store.append(owner, [event], { expectedRevision: 'no_stream' })).noop).toBe(false);
  });

  it('given ids stored in another stream and a stale expected revision, the error is DuplicateEventError, as on SQLite', async () => {
    const store = openEventStoreDbStore({ client: new FakeEsdb().client() });
    const events = newEvents(1);
    await store.append(uniqueStreamId(), events, { expectedRevision: 'no_stream' });
    const other = uniqueStreamId();
    await store.append(other, newEvents(1), { expectedRevision: 'no_stream' });
    await expect(store.append(other, events, { expectedRevision: 5 })).rejects.toBeInstanceOf(
      DuplicateEventError,
    );
  });

  it('a subscription survives errors the client treats as transient, and resumes after its checkpoint', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client(), reconnectDelayMs: 5 });
    const seen: string[] = [];
    const subscription = store.subscribe({}, (event) => {
      seen.push(event.eventId);
    });
    const streamId = uniqueStreamId();
    const first = await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
    await waitFor(() => seen.length === 1, 2000, 'the first event');
    for (const error of [new CancelledError(), new Error('13 INTERNAL: Received RST_STREAM with code 2')]) {
      fake.dropSubscriptions(error);
      await store.append(streamId, newEvents(1), { expectedRevision: 'any' });
    }
    await waitFor(() => seen.length === 3, 3000, 'the events after two drops');
    expect(seen[0]).toBe(first.events[0]?.eventId);
    expect(new Set(seen).size).toBe(3);
    await subscription.close();
    await store.close();
  });

  it('caughtUp resolves only once the handler has handled every event that existed', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    await store.append(uniqueStreamId(), newEvents(30), { expectedRevision: 'no_stream' });
    let handled = 0;
    const subscription = store.subscribe({}, async () => {
      await new Promise((r) => setTimeout(r, 2));
      handled++;
    });
    await subscription.caughtUp;
    expect(handled).toBe(30);
    await subscription.close();
  });

  it('the head is found with a small read, not a page of 500', async () => {
    const fake = new FakeEsdb();
    const store = openEventStoreDbStore({ client: fake.client() });
    await store.append(uniqueStreamId(), newEvents(3), { expectedRevision: 'no_stream' });
    fake.calls.length = 0;
    expect(await store.headPosition()).toBeGreaterThan(0);
    const reads = fake.calls.filter((c) => c.method === 'readAll');
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]?.options)).toMatch(/"maxCount":(\d|[12]\d|3[0-2])\b/);
  });

  it('classifies what the client reconnects after as transient', () => {
    expect(isTransientConnectionError(new CancelledError())).toBe(true);
    expect(isTransientConnectionError(new Error('Failed to discover after 10 attempts.'))).toBe(true);
    expect(isTransientConnectionError(new Error('access denied'))).toBe(false);
  });
});
