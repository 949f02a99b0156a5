import type { JSONRecordedEvent } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { CorruptEventError } from '../../src/errors.js';
import { ulidToUuid } from '../../src/store/eventstoredb-ids.js';
import { fromEsdbEvent, toEnvelopeMetadata, toJsonData } from '../../src/store/eventstoredb-metadata.js';
import { eventHash, GENESIS_HASH, sealEvents } from '../../src/store/hash-chain.js';
import { newEvent, newEvents, testActor } from './factories.js';

/** A sealed event as the adapter would append it, at revision `revision`. */
function sealed(overrides: Parameters<typeof newEvent>[0] = {}) {
  const [event] = sealEvents('item-1', [newEvent(overrides)], 0, GENESIS_HASH, '2011-04-27T09:30:00.000Z');
  if (!event) throw new Error('sealEvents returned nothing');
  return event;
}

/**
 * What the client hands back after the server stored `event`: metadata and data went through
 * JSON on the wire, so they are re-parsed here exactly as the client does.
 */
function asStored(event: Omit<RecordedEvent, 'position'>, commit = 4242n): JSONRecordedEvent {
  return {
    streamId: event.streamId,
    id: ulidToUuid(event.eventId),
    isJson: true,
    revision: BigInt(event.revision),
    type: event.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(toJsonData(event.data))),
    metadata: JSON.parse(JSON.stringify(toEnvelopeMetadata(event))),
    position: { commit, prepare: commit },
  };
}

describe('envelope metadata', () => {
  it('given a sealed event, when stored and read back, then every envelope field survives and the hash still verifies', () => {
    const event = sealed({
      actor: testActor({ claimedName: 'ACC Smith', method: 'cli' }),
      correlationId: 'req-1',
      causationId: 'cmd-9',
      data: { text: 'Ünïcode ✓', nested: { list: [1, 2] } },
    });
    const read = fromEsdbEvent(asStored(event));
    expect(read).toEqual({ ...event, position: 4242 });
    expect(eventHash(read)).toBe(read.hash);
  });

  it('given correlation and causation, when stored, then they are also under the server conventional keys', () => {
    const metadata = toEnvelopeMetadata(sealed({ correlationId: 'req-1', causationId: 'cmd-9' }));
    expect(metadata).toMatchObject({
      $correlationId: 'req-1',
      $causationId: 'cmd-9',
      correlationId: 'req-1',
    });
    const none = toEnvelopeMetadata(sealed({ correlationId: null, causationId: null }));
    expect(Object.keys(none)).not.toContain('$correlationId');
    expect(fromEsdbEvent(asStored(sealed({ correlationId: null, causationId: null })))).toMatchObject({
      correlationId: null,
      causationId: null,
    });
  });

  it('given several events sealed in one append, when read back, then the chain links them', () => {
    const events = sealEvents('item-2', newEvents(3), 0, GENESIS_HASH, '2011-04-27T09:30:00.000Z');
    const read = events.map((e, i) => fromEsdbEvent(asStored(e, BigInt(100 + i * 150))));
    expect(read.map((e) => e.position)).toEqual([100, 250, 400]);
    expect(read[1]?.prevHash).toBe(read[0]?.hash);
    expect(read[2]?.prevHash).toBe(read[1]?.hash);
  });

  it('given metadata that is not the ledger envelope, when read, then it is a CorruptEventError naming the event', () => {
    const event = sealed();
    const foreign = { ...asStored(event), metadata: { some: 'other app' } };
    const error = catchError(() => fromEsdbEvent(foreign));
    expect(error).toBeInstanceOf(CorruptEventError);
    expect(error).toMatchObject({ eventId: event.eventId, eventType: event.type });
    const tampered = { ...asStored(event), metadata: { ...toEnvelopeMetadata(event), hash: 'not-a-hash' } };
    expect(catchError(() => fromEsdbEvent(tampered))).toBeInstanceOf(CorruptEventError);
    const extra = { ...asStored(event), metadata: { ...toEnvelopeMetadata(event), position: 1 } };
    expect(catchError(() => fromEsdbEvent(extra))).toBeInstanceOf(CorruptEventError);
  });

  it('given an event without a position or with a position past 2^53, when read, then it is refused', () => {
    const event = sealed();
    const { position: _dropped, ...withoutPosition } = asStored(event);
    expect(catchError(() => fromEsdbEvent(withoutPosition))).toBeInstanceOf(CorruptEventError);
    const far = BigInt(Number.MAX_SAFE_INTEGER) + 10n;
    expect(catchError(() => fromEsdbEvent(asStored(event, far)))).toBeInstanceOf(CorruptEventError);
  });

  it('given data that is not an object, array or string, when prepared, then it is refused', () => {
    expect(toJsonData({ a: 1 })).toEqual({ a: 1 });
    expect(toJsonData([1])).toEqual([1]);
    expect(toJsonData('text')).toBe('text');
    expect(() => toJsonData(42)).toThrow(TypeError);
    expect(() => toJsonData(null)).toThrow(TypeError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
