import { describe, expect, it } from 'vitest';
import { ConcurrencyError, DuplicateEventError, ValidationError } from '../../src/errors.js';
import { manyStreamsContract } from './contract-many-streams.js';
import { provenanceContract } from './contract-provenance.js';
import { readingContract } from './contract-reading.js';
import { resumeContract } from './contract-resume.js';
import { subscriptionContract } from './contract-subscriptions.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvent, newEvents, uniqueStreamId } from './factories.js';

export type { StoreFactory, StoreFactoryOptions, StoreUnderTest } from './contract-support.js';

/**
 * The store contract (docs/architecture.md, Store): every adapter must pass it. Adapter-specific properties
 * (gapless positions, file durability settings, corrupt rows) are tested beside the adapter.
 */
export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} — store contract`, () => {
    appendContract(factory);
    idempotencyContract(factory);
    readingContract(factory);
    provenanceContract(factory);
    subscriptionContract(factory);
    resumeContract(factory);
    manyStreamsContract(factory);
  });
}

function appendContract(factory: StoreFactory): void {
  describe('append and expectedRevision', () => {
    const current = withStore(factory);

    it('no_stream on a new stream appends at revisions 0..n-1', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const result = await store.append(streamId, newEvents(3), { expectedRevision: 'no_stream' });
      expect(result.noop).toBe(false);
      expect(result.nextRevision).toBe(2);
      expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(await store.streamRevision(streamId)).toBe(2);
    });

    it('no_stream on an existing stream is a ConcurrencyError naming stream, expected and actual', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      const error = await rejectionOf(
        store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
      expect(await store.streamRevision(streamId)).toBe(1);
    });

    it('-1 means no_stream', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedRevision: -1 });
      const error = await rejectionOf(store.append(streamId, newEvents(1), { expectedRevision: -1 }));
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId, expected: -1, actual: 0 });
    });

    it('any appends whether or not the stream exists', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const first = await store.append(streamId, newEvents(1), { expectedRevision: 'any' });
      const second = await store.append(streamId, newEvents(2), { expectedRevision: 'any' });
      expect(first.nextRevision).toBe(0);
      expect(second.events.map((e) => e.revision)).toEqual([1, 2]);
    });

    it('stream_exists fails with actual -1 on a missing stream and succeeds on an existing one', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const error = await rejectionOf(
        store.append(streamId, newEvents(1), { expectedRevision: 'stream_exists' }),
      );
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId, expected: 'stream_exists', actual: -1 });
      expect(await store.readStream(streamId)).toEqual([]);
      await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const result = await store.append(streamId, newEvents(1), { expectedRevision: 'stream_exists' });
      expect(result.nextRevision).toBe(1);
    });

    it('an exact revision succeeds when it is the last revision and fails when stale or ahead', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      const ok = await store.append(streamId, newEvents(1), { expectedRevision: 1 });
      expect(ok.nextRevision).toBe(2);
      const stale = await rejectionOf(store.append(streamId, newEvents(1), { expectedRevision: 1 }));
      expect(stale).toBeInstanceOf(ConcurrencyError);
      expect(stale).toMatchObject({ streamId, expected: 1, actual: 2 });
      const ahead = await rejectionOf(store.append(streamId, newEvents(1), { expectedRevision: 5 }));
      expect(ahead).toMatchObject({ streamId, expected: 5, actual: 2 });
      expect(await store.streamRevision(streamId)).toBe(2);
    });

    it('an exact revision on a missing stream fails with actual -1', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const error = await rejectionOf(store.append(streamId, newEvents(1), { expectedRevision: 0 }));
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ streamId, expected: 0, actual: -1 });
    });

    it('of two racing appends with the same expected revision exactly one wins', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.append(streamId, newEvents(2), { expectedRevision: 0 }),
        store.append(streamId, newEvents(2), { expectedRevision: 0 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(ConcurrencyError);
      expect(await store.streamRevision(streamId)).toBe(2);
    });

    it('a failed append stores none of its events', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      await rejectionOf(store.append(streamId, newEvents(3), { expectedRevision: 7 }));
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('an empty append checks expectedRevision and appends nothing', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const result = await store.append(streamId, [], { expectedRevision: 1 });
      expect(result).toEqual({ nextRevision: 1, events: [], noop: true });
      const stale = await rejectionOf(store.append(streamId, [], { expectedRevision: 0 }));
      expect(stale).toMatchObject({ streamId, expected: 0, actual: 1 });
      const missing = await store.append(uniqueStreamId(), [], { expectedRevision: 'no_stream' });
      expect(missing).toEqual({ nextRevision: -1, events: [], noop: true });
      expect(await store.headPosition()).toBe(head);
    });

    it('rejects duplicate ids inside one append with a ValidationError and stores nothing', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const event = newEvent();
      const error = await rejectionOf(store.append(streamId, [event, event], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(await store.streamRevision(streamId)).toBe(-1);
    });

    it('rejects server-owned fields supplied by the caller', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const forged = { ...newEvent(), recordedAt: '1999-01-01T00:00:00.000Z', revision: 42 };
      const error = await rejectionOf(store.append(streamId, [forged], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(await store.streamRevision(streamId)).toBe(-1);
    });
  });
}

function idempotencyContract(factory: StoreFactory): void {
  describe('idempotent re-append', () => {
    const current = withStore(factory);

    it('re-appending the same ids at the same place is a no-op returning the stored events', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const events = newEvents(3);
      const first = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const retry = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(retry.noop).toBe(true);
      expect(retry.nextRevision).toBe(2);
      expect(retry.events).toEqual(first.events);
      expect(await store.headPosition()).toBe(head);
      expect(await store.readStream(streamId)).toHaveLength(3);
    });

    it('a retry after the stream moved on still succeeds as a no-op, with the original revision', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const events = newEvents(2);
      await store.append(streamId, events, { expectedRevision: 'no_stream' });
      await store.append(streamId, newEvents(2), { expectedRevision: 1 });
      const retry = await store.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(retry).toMatchObject({ noop: true, nextRevision: 1 });
      expect(retry.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(await store.streamRevision(streamId)).toBe(3);
    });

    it('a retry of a middle batch with any is a no-op', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(1), { expectedRevision: 'no_stream' });
      const middle = newEvents(2);
      await store.append(streamId, middle, { expectedRevision: 0 });
      await store.append(streamId, newEvents(1), { expectedRevision: 2 });
      const retry = await store.append(streamId, middle, { expectedRevision: 'any' });
      expect(retry.noop).toBe(true);
      expect(retry.events.map((e) => e.revision)).toEqual([1, 2]);
      expect(await store.streamRevision(streamId)).toBe(3);
    });

    it('a partial overlap is a DuplicateEventError and appends nothing', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const [a, b] = newEvents(2);
      if (!a || !b) throw new Error('factory');
      await store.append(streamId, [a], { expectedRevision: 'no_stream' });
      const error = await rejectionOf(store.append(streamId, [a, b], { expectedRevision: 'no_stream' }));
      expect(error).toBeInstanceOf(DuplicateEventError);
      expect(error).toMatchObject({ eventId: a.eventId, streamId });
      expect(await store.streamRevision(streamId)).toBe(0);
    });

    it('the same ids in another order are a DuplicateEventError', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const events = newEvents(2);
      await store.append(streamId, events, { expectedRevision: 'no_stream' });
      const error = await rejectionOf(
        store.append(streamId, [...events].reverse(), { expectedRevision: 'any' }),
      );
      expect(error).toBeInstanceOf(DuplicateEventError);
      expect(await store.streamRevision(streamId)).toBe(1);
    });

    it('an id stored in another stream is a DuplicateEventError naming it', async () => {
      const { store } = current();
      const [streamA, streamB] = [uniqueStreamId(), uniqueStreamId()];
      const event = newEvent();
      await store.append(streamA, [event], { expectedRevision: 'no_stream' });
      const error = await rejectionOf(store.append(streamB, [event], { expectedRevision: 'any' }));
      expect(error).toBeInstanceOf(DuplicateEventError);
      expect(error).toMatchObject({ eventId: event.eventId, streamId: streamB });
      expect(await store.streamRevision(streamB)).toBe(-1);
    });
  });
}
