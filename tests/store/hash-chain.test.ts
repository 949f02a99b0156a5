import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json.js';
import { contentHash, sha256Hex } from '../../src/lib/hash.js';
import {
  eventHash,
  GENESIS_HASH,
  HASHED_KEYS,
  type HashedFields,
  hashedText,
  sealEvents,
} from '../../src/store/hash-chain.js';
import { newEvents } from '../store/factories.js';

/**
 * The reference: the plain definition (sort each object's entries by key, drop undefined
 * members, recurse). Not `JSON.stringify` of a key-sorted copy: JS enumerates integer-like keys
 * first whatever their insertion order, so that copy would not be sorted.
 */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : reference(v))).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonical JSON and the hash chain', () => {
  it('given any JSON value, canonicalJson equals the plain definition (keys sorted, integer-like keys too)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)),
      { numRuns: 5000 },
    );
  });

  it('given the same object with its keys in another order, the canonical form is the same', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }] })).toBe(
      canonicalJson({ a: [{ c: 'x', d: null }], b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson({ 10: 'x', 9: 'y', a: 1 })).toBe('{"10":"x","9":"y","a":1}');
  });

  it('when events are sealed, each hash chains to the previous and the first to the genesis value', () => {
    const sealed = sealEvents('item-x', newEvents(3), 0, GENESIS_HASH, '2011-04-27T09:30:00.000Z');
    expect(sealed[0]?.prevHash).toBe(GENESIS_HASH);
    expect(sealed[1]?.prevHash).toBe(sealed[0]?.hash);
    expect(sealed[2]?.prevHash).toBe(sealed[1]?.hash);
    for (const event of sealed) expect(eventHash(event)).toBe(event.hash);
    const tampered = { ...sealed[1]!, data: { note: 'changed' } };
    expect(eventHash(tampered)).not.toBe(sealed[1]?.hash);
  });

  it('given the hashed members, their fixed order is the sorted order canonicalJson would give', () => {
    expect([...HASHED_KEYS]).toEqual([...HASHED_KEYS].sort());
  });

  it('given any envelope and data, eventHash is SHA-256 of canonicalJson of the covered fields (the definition the verifier and old ledgers use)', () => {
    const text = fc.string({ maxLength: 12 });
    const fields = fc.record(
      {
        eventId: text,
        type: text,
        schemaVersion: fc.integer({ min: 1, max: 5 }),
        streamId: text,
        revision: fc.nat(),
        effectiveOn: text,
        recordedAt: text,
        actor: fc.record({
          id: text,
          method: text,
          requestId: fc.option(text),
          claimedName: fc.option(text),
        }),
        correlationId: fc.option(text),
        causationId: fc.option(text),
        provenance: fc.option(fc.jsonValue(), { nil: undefined }),
        data: fc.jsonValue(),
        prevHash: text,
      },
      {
        requiredKeys: [
          'eventId',
          'type',
          'schemaVersion',
          'streamId',
          'revision',
          'effectiveOn',
          'recordedAt',
          'actor',
          'correlationId',
          'causationId',
          'data',
          'prevHash',
        ],
      },
    );
    fc.assert(
      fc.property(fields, (raw) => {
        // Arbitrary members stand in for the typed ones: the hash is defined over any JSON.
        const f = raw as unknown as HashedFields;
        const covered = {
          eventId: f.eventId,
          type: f.type,
          schemaVersion: f.schemaVersion,
          streamId: f.streamId,
          revision: f.revision,
          effectiveOn: f.effectiveOn,
          recordedAt: f.recordedAt,
          actor: f.actor,
          correlationId: f.correlationId,
          causationId: f.causationId,
          provenance: f.provenance,
          data: f.data,
          prevHash: f.prevHash,
        };
        return eventHash(f) === contentHash(covered) && eventHash(f) === sha256Hex(reference(covered));
      }),
      { numRuns: 2000 },
    );
  });

  it('given covered fields with members left out (no actor, no causation, no provenance), then the text is still canonicalJson of the covered object', () => {
    const full = sealEvents('s-2', newEvents(1), 0, GENESIS_HASH, '2026-01-01T00:00:00.000Z')[0];
    if (!full) throw new Error('nothing sealed');
    const { position: _p, hash: _h, ...fields } = { position: 0, ...full };
    for (const left of ['actor', 'causationId', 'provenance', 'data'] as const) {
      const partial = { ...fields, [left]: undefined } as unknown as HashedFields;
      expect(hashedText(partial)).toBe(canonicalJson(partial));
      expect(eventHash(partial)).toBe(sha256Hex(reference(partial)));
    }
  });

  it('given events sharing actor and provenance objects (and some not), when sealed, then every hash is the one computed for that event alone; an object changed between two seals hashes as changed', () => {
    const actor = { id: 'cli:import', method: 'import' as const, requestId: null, claimedName: null };
    const row = (line: number) => ({
      digest: 'a'.repeat(64),
      fileName: 'plan.csv',
      sheet: null,
      line,
      column: null,
      dateStated: true,
      dateFrom: 'stated' as const,
    });
    const first = row(2);
    const second = row(3);
    const events = newEvents(6).map((e, i) => ({
      ...e,
      actor: i === 4 ? { ...actor, id: 'someone-else' } : actor,
      provenance: i < 2 ? first : i < 5 ? second : row(2),
    }));
    const sealed = sealEvents('s-1', events, 0, GENESIS_HASH, '2026-01-01T00:00:00.000Z');
    for (const event of sealed) expect(event.hash).toBe(eventHash(event));
    actor.id = 'cli:changed';
    const again = sealEvents('s-1', events, 0, GENESIS_HASH, '2026-01-01T00:00:00.000Z');
    for (const event of again) expect(event.hash).toBe(eventHash(event));
    expect(again[0]?.hash).not.toBe(sealed[0]?.hash);
  });
});
