import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { eventHash, GENESIS_HASH } from '../../src/store/hash-chain.js';
import { pagingContract } from './contract-paging.js';
import { CONTRACT_CLOCK_START, rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvent, newEvents, uniqueStreamId } from './factories.js';

/** Part of the store contract: the envelope a store sets, and reading streams and the log. */
export function readingContract(factory: StoreFactory): void {
  envelopeContract(factory);
  readStreamContract(factory);
  pagingContract(factory);
}

function envelopeContract(factory: StoreFactory): void {
  describe('envelope fields set by the store', () => {
    const current = withStore(factory);

    it('stamps recordedAt from the injected clock, once per append', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const first = await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      const second = await store.append(streamId, newEvents(1), { expectedRevision: 1 });
      const [a, b] = first.events.map((e) => e.recordedAt);
      expect(a).toBe(b);
      // The clock moves one second per reading, so the second append is later than the first.
      expect(Date.parse(a ?? '')).toBeGreaterThanOrEqual(Date.parse(CONTRACT_CLOCK_START));
      expect(Date.parse(second.events[0]?.recordedAt ?? '')).toBeGreaterThan(Date.parse(a ?? ''));
      expect(second.events[0]?.recordedAt.startsWith('2011-04-27T09:')).toBe(true);
    });

    it('sets streamId, revision and increasing positions, and keeps the writer fields', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const given = newEvent({
        causationId: 'cause-1',
        data: { text: 'Ünïcode ✓', nested: { list: [1, 2] } },
      });
      await store.append(streamId, [given], { expectedRevision: 'no_stream' });
      await store.append(streamId, newEvents(2), { expectedRevision: 0 });
      const read = await store.readStream(streamId);
      expect(read.map((e) => [e.streamId, e.revision])).toEqual([
        [streamId, 0],
        [streamId, 1],
        [streamId, 2],
      ]);
      const positions = read.map((e) => e.position);
      expect(positions[1]).toBeGreaterThan(positions[0] ?? Number.POSITIVE_INFINITY);
      expect(positions[2]).toBeGreaterThan(positions[1] ?? Number.POSITIVE_INFINITY);
      const { eventId, type, schemaVersion, effectiveOn, actor, correlationId, causationId, data } = given;
      expect(read[0]).toMatchObject({
        eventId,
        type,
        schemaVersion,
        effectiveOn,
        actor,
        correlationId,
        causationId,
        data,
      });
    });

    it('chains hashes: the first to genesis, each next to the previous, across appends', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), { expectedRevision: 'no_stream' });
      await store.append(streamId, newEvents(2), { expectedRevision: 1 });
      const read = await store.readStream(streamId);
      expect(read[0]?.prevHash).toBe(GENESIS_HASH);
      for (let i = 1; i < read.length; i++) expect(read[i]?.prevHash).toBe(read[i - 1]?.hash);
      for (const event of read) expect(event.hash).toBe(eventHash(event));
      expect(new Set(read.map((e) => e.hash)).size).toBe(4);
    });

    it('returns from append exactly what a read returns, with data as stored JSON', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const given = newEvent({ data: { kept: 'yes', dropped: undefined, when: new Date(0) } });
      const result = await store.append(streamId, [given], { expectedRevision: 'no_stream' });
      const read = await store.readStream(streamId);
      expect(read).toEqual(result.events);
      expect(read[0]?.data).toStrictEqual({ kept: 'yes', when: '1970-01-01T00:00:00.000Z' });
      expect(read[0]?.hash).toBe(eventHash(read[0] ?? expect.unreachable()));
    });

    it('keeps its data when closed and reopened', async (context) => {
      const sut = current();
      if (!sut.reopen) return context.skip();
      const streamId = uniqueStreamId();
      const result = await sut.store.append(streamId, newEvents(3), { expectedRevision: 'no_stream' });
      const reopened = await sut.reopen();
      expect(await reopened.readStream(streamId)).toEqual(result.events);
      const next = await reopened.append(streamId, newEvents(1), { expectedRevision: 2 });
      expect(next.events[0]?.prevHash).toBe(result.events[2]?.hash);
    });
  });
}

function readStreamContract(factory: StoreFactory): void {
  describe('readStream', () => {
    const current = withStore(factory);

    /** Given a stream of 10 events (data.n = revision), interleaved with another stream. */
    async function tenEventStream() {
      const { store } = current();
      const streamId = uniqueStreamId();
      const other = uniqueStreamId('other');
      const events = newEvents(10);
      await store.append(streamId, events.slice(0, 4), { expectedRevision: 'no_stream' });
      await store.append(other, newEvents(3), { expectedRevision: 'no_stream' });
      await store.append(streamId, events.slice(4), { expectedRevision: 3 });
      return { store, streamId };
    }
    const revisions = (events: { revision: number }[]) => events.map((e) => e.revision);

    it('reads a whole stream forwards in revision order, without other streams', async () => {
      const { store, streamId } = await tenEventStream();
      const read = await store.readStream(streamId);
      expect(revisions(read)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(read.map((e) => e.data)).toEqual(
        read.map((e) => ({ note: `event ${e.revision}`, n: e.revision })),
      );
    });

    it('reads forwards from a revision, with a limit', async () => {
      const { store, streamId } = await tenEventStream();
      expect(revisions(await store.readStream(streamId, { fromRevision: 7 }))).toEqual([7, 8, 9]);
      expect(revisions(await store.readStream(streamId, { fromRevision: 2, limit: 3 }))).toEqual([2, 3, 4]);
      expect(revisions(await store.readStream(streamId, { limit: 2 }))).toEqual([0, 1]);
      expect(await store.readStream(streamId, { fromRevision: 10 })).toEqual([]);
    });

    it('reads backwards from the end by default, or from a revision, with a limit', async () => {
      const { store, streamId } = await tenEventStream();
      const back = { direction: 'backwards' } as const;
      expect(revisions(await store.readStream(streamId, back))).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
      expect(revisions(await store.readStream(streamId, { ...back, limit: 2 }))).toEqual([9, 8]);
      expect(revisions(await store.readStream(streamId, { ...back, fromRevision: 4, limit: 3 }))).toEqual([
        4, 3, 2,
      ]);
      expect(revisions(await store.readStream(streamId, { ...back, fromRevision: 1 }))).toEqual([1, 0]);
    });

    it('reads a missing stream as empty, in both directions, with revision -1', async () => {
      const { store } = current();
      const streamId = uniqueStreamId('missing');
      expect(await store.readStream(streamId)).toEqual([]);
      expect(await store.readStream(streamId, { direction: 'backwards' })).toEqual([]);
      expect(await store.streamRevision(streamId)).toBe(-1);
    });

    it('rejects a negative limit or revision with a ValidationError', async () => {
      const { store, streamId } = await tenEventStream();
      expect(await rejectionOf(store.readStream(streamId, { limit: -1 }))).toBeInstanceOf(ValidationError);
      expect(await rejectionOf(store.readStream(streamId, { fromRevision: -2 }))).toBeInstanceOf(
        ValidationError,
      );
    });
  });
}
