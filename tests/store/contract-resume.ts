import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/domain/envelope.js';
import { DuplicateEventError } from '../../src/errors.js';
import { GENESIS_HASH } from '../../src/store/hash-chain.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvent, uniqueStreamId } from './factories.js';

/**
 * Part of the store contract: an append cut off part-way (only adapters that write one append
 * in several calls can be) is completed by running the same append again, recognised by its
 * event ids and hashes; anything else that overlaps stays a DuplicateEventError
 * (docs/architecture.md, Store, append rules).
 */
export function resumeContract(factory: StoreFactory): void {
  describe('resuming an append cut off between batches', () => {
    const current = withStore(factory);
    /** Six events of about 600 bytes: batches of two under a 1,500-byte bound. */
    const sixEvents = (): NewEvent[] =>
      Array.from({ length: 6 }, (_, n) => newEvent({ data: { note: 'x'.repeat(300), n } }));

    it('given the first batches stored, when the same append runs again, then the rest is appended after them', async (context) => {
      const sut = current();
      if (!sut.batched) return context.skip('appends are one transaction: nothing is ever left half-written');
      const { cut, whole } = sut.batched(1500, 1);
      const streamId = uniqueStreamId();
      const events = sixEvents();
      await expect(cut.append(streamId, events, { expectedRevision: 'no_stream' })).rejects.toThrow();
      const prefix = await whole.readStream(streamId);
      expect(prefix.length).toBeGreaterThan(0);
      expect(prefix.length).toBeLessThan(events.length);

      const resumed = await whole.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(resumed.noop).toBe(false);
      expect(resumed.nextRevision).toBe(5);
      expect(resumed.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      const stored = await whole.readStream(streamId);
      expect(stored).toEqual(resumed.events);
      expect(stored.slice(0, prefix.length)).toEqual(prefix);
      // One chain: each event links to the one before it.
      expect(stored.map((e) => e.prevHash)).toEqual([
        GENESIS_HASH,
        ...stored.slice(0, -1).map((e) => e.hash),
      ]);
      // And a third run is the ordinary no-op retry.
      const again = await whole.append(streamId, events, { expectedRevision: 'no_stream' });
      expect(again).toMatchObject({ noop: true, nextRevision: 5 });
    });

    it('given a stored prefix, an append with the same ids but other content, or not at the stream end, is a DuplicateEventError', async (context) => {
      const sut = current();
      if (!sut.batched) return context.skip('appends are one transaction: nothing is ever left half-written');
      const { cut, whole } = sut.batched(1500, 1);
      const streamId = uniqueStreamId();
      const events = sixEvents();
      await expect(cut.append(streamId, events, { expectedRevision: 'no_stream' })).rejects.toThrow();
      const prefix = await whole.readStream(streamId);
      const altered = events.map((e, i) => (i === 0 ? { ...e, data: { note: 'changed' } } : e));
      expect(
        await rejectionOf(whole.append(streamId, altered, { expectedRevision: 'no_stream' })),
      ).toBeInstanceOf(DuplicateEventError);
      // Something else lands after the prefix: it is no longer the end of an unfinished append.
      await whole.append(streamId, [newEvent()], { expectedRevision: prefix.length - 1 });
      expect(
        await rejectionOf(whole.append(streamId, events, { expectedRevision: 'no_stream' })),
      ).toBeInstanceOf(DuplicateEventError);
      expect(await whole.streamRevision(streamId)).toBe(prefix.length);
    });
  });
}
