import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../src/domain/provenance.js';
import { ValidationError } from '../../src/errors.js';
import { eventHash } from '../../src/store/hash-chain.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvent, testActor, uniqueStreamId } from './factories.js';

/** Where an imported fact came from: a row of a table, its date taken from the row. */
export const provenanceOf = (overrides: Partial<Provenance> = {}): Provenance => ({
  digest: 'a'.repeat(64),
  fileName: 'plan (final).xlsx',
  sheet: 'Territorial Policing',
  line: 7,
  column: { number: 5, title: 'Latest Update' },
  dateStated: false,
  dateFrom: 'date-of-update',
  ...overrides,
});

/** Provenance in the envelope: kept by every adapter, covered by the hash, optional. */
export function provenanceContract(factory: StoreFactory): void {
  describe('provenance in the envelope', () => {
    const current = withStore(factory);

    it('given an event with provenance, then a read returns it exactly and the hash covers it', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const provenance = provenanceOf();
      const [appended] = (
        await store.append(streamId, [newEvent({ provenance })], { expectedRevision: 'no_stream' })
      ).events;
      const [read] = await store.readStream(streamId);
      expect(read?.provenance).toEqual(provenance);
      expect(read?.hash).toBe(appended?.hash);
      if (!read) throw new Error('no event read');
      const { position: _p, hash, ...fields } = read;
      expect(eventHash(fields)).toBe(hash);
      // Another line would be another hash: provenance cannot be changed unseen.
      expect(eventHash({ ...fields, provenance: provenanceOf({ line: 8 }) })).not.toBe(hash);
    });

    it('given an event without provenance (written live, or before provenance existed), then it has none and hashes as before', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      await store.append(streamId, [newEvent()], { expectedRevision: 'no_stream' });
      const [read] = await store.readStream(streamId);
      expect(read && 'provenance' in read).toBe(false);
      if (!read) throw new Error('no event read');
      const { position: _p, hash, provenance: _none, ...fields } = read;
      expect(eventHash(fields)).toBe(hash);
    });

    it('given one append whose events share actor and provenance objects, some not, and one without provenance, then each event reads back with its own actor and provenance and its hash covers them', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const shared = provenanceOf({ line: 2 });
      const other = provenanceOf({ line: 3, column: null });
      const actor = testActor();
      const someoneElse = testActor({ id: 'user:someone-else' });
      const events = [
        newEvent({ actor, provenance: shared }),
        newEvent({ actor, provenance: shared }),
        newEvent({ actor: someoneElse, provenance: shared }),
        newEvent({ actor, provenance: other }),
        newEvent({ actor }),
        newEvent({ actor, provenance: shared }),
      ];
      await store.append(streamId, events, { expectedRevision: 'no_stream' });
      const read = await store.readStream(streamId);
      expect(read.map((e) => e.actor.id)).toEqual(events.map((e) => e.actor.id));
      expect(read.map((e) => e.provenance?.line ?? null)).toEqual([2, 2, 2, 3, null, 2]);
      expect(read[3]?.provenance).toEqual(other);
      expect(read[4] && 'provenance' in read[4]).toBe(false);
      for (const event of read) {
        const { position: _p, hash, ...fields } = event;
        expect(eventHash(fields)).toBe(hash);
      }
    });

    it('given a malformed provenance (digest not SHA-256), then a ValidationError and nothing appended', async () => {
      const { store } = current();
      const streamId = uniqueStreamId();
      const bad = { ...provenanceOf(), digest: 'not-a-digest' };
      const error = await rejectionOf(
        store.append(streamId, [newEvent({ provenance: bad })], { expectedRevision: 'no_stream' }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect(await store.streamRevision(streamId)).toBe(-1);
    });
  });
}
