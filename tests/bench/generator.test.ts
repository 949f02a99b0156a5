import { describe, expect, it } from 'vitest';
import { type GeneratedEvent, generateLedger, toNewEvent } from '../../bench/generator.js';
import { decodeEvent, LedgerEventBody } from '../../src/domain/ledger-event.js';

// The generator is code the benchmarks trust: if it drifted (nondeterministic, invalid events,
// unrealistic shapes), every figure built on it would silently change meaning.

const ledger = generateLedger({ events: 10_000, seed: 'test' });

function byStream(events: GeneratedEvent[]): Map<string, GeneratedEvent[]> {
  const streams = new Map<string, GeneratedEvent[]>();
  for (const event of events) {
    const list = streams.get(event.streamId) ?? [];
    list.push(event);
    streams.set(event.streamId, list);
  }
  return streams;
}

describe('bench generator', () => {
  it('is deterministic: the same seed gives the same events, another seed does not', () => {
    const again = generateLedger({ events: 10_000, seed: 'test' });
    expect(again.map((e) => [e.eventId, e.recordedAtMs, JSON.stringify(e.body)])).toEqual(
      ledger.map((e) => [e.eventId, e.recordedAtMs, JSON.stringify(e.body)]),
    );
    const other = generateLedger({ events: 1000, seed: 'other' });
    expect(other.map((e) => e.eventId)).not.toEqual(ledger.slice(0, 1000).map((e) => e.eventId));
  });

  it('produces exactly the requested number of events, in recordedAt order, ids unique', () => {
    expect(ledger).toHaveLength(10_000);
    for (let i = 1; i < ledger.length; i++) {
      expect(ledger[i]!.recordedAtMs).toBeGreaterThanOrEqual(ledger[i - 1]!.recordedAtMs);
    }
    expect(new Set(ledger.map((e) => e.eventId)).size).toBe(ledger.length);
  });

  it('produces only events that pass LedgerEventBody and decode as stored records', () => {
    const revisions = new Map<string, number>();
    ledger.forEach((event, position) => {
      expect(LedgerEventBody.safeParse(event.body).success).toBe(true);
      const revision = (revisions.get(event.streamId) ?? -1) + 1;
      revisions.set(event.streamId, revision);
      const recorded = {
        ...toNewEvent(event),
        streamId: event.streamId,
        revision,
        position,
        recordedAt: new Date(event.recordedAtMs).toISOString(),
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      };
      expect(decodeEvent(recorded).type).toBe(event.body.type);
      expect(event.effectiveOn <= recorded.recordedAt.slice(0, 10)).toBe(true);
    });
  });

  it('shapes items like the seeds: created first, 5-40 updates, RAG from null, every event type', () => {
    const types = new Set(ledger.map((e) => e.body.type));
    for (const type of LedgerEventBody.options.map((o) => o.shape.type.value)) expect(types).toContain(type);
    let finished = 0;
    for (const [streamId, events] of byStream(ledger)) {
      if (!streamId.startsWith('item-')) continue;
      expect(events[0]!.body.type).toBe('RecommendationReceived');
      const firstRag = events.find((e) => e.body.type === 'RagChanged');
      if (firstRag?.body.type === 'RagChanged') expect(firstRag.body.data.from).toBeNull();
      const closed = events.some(
        (e) => e.body.type === 'MarkedComplete' || e.body.type === 'MarkedNotApplicable',
      );
      if (!closed) continue; // the last items of a prefix are still in progress
      finished++;
      const updates = events.filter((e) => e.body.type === 'UpdatePosted').length;
      expect(updates).toBeGreaterThanOrEqual(5);
      expect(updates).toBeLessThanOrEqual(43); // 40, plus up to 3 after a reopening
    }
    expect(finished).toBeGreaterThan(100);
    const corrections = ledger.filter(
      (e) => e.body.type === 'EntryCorrected' || e.body.type === 'EntryRetracted',
    );
    expect(corrections.length / ledger.length).toBeGreaterThan(0.002);
    expect(corrections.length / ledger.length).toBeLessThan(0.03);
  });
});
