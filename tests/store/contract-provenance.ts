import { describe, expect, it } from 'vitest';
import type { Provenance } from '../../src/domain/provenance.js';
import { ValidationError } from '../../src/errors.js';
import { eventHash } from '../../src/store/hash-chain.js';
import { rejectionOf, type StoreFactory, withStore } from './contract-support.js';
import { newEvent, uniqueStreamId } from './factories.js';

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
