import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { liveFacts } from '../../src/domain/correction-decider.js';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { deterministicEventId } from '../../src/domain/ids.js';
import { evolve, foldFacts, initialState } from '../../src/domain/item-state.js';
import { CURRENT_SCHEMA_VERSION, decodeEvent, type LedgerEventBody } from '../../src/domain/ledger-event.js';
import { GENESIS_HASH } from '../../src/store/hash-chain.js';
import { ITEM, markedComplete, ragChanged, received, updatePosted } from './fixtures.js';

/**
 * `evolve` applies a fact that folds last to the state as it stands instead of re-folding the
 * journal. Over random histories (facts on random days, some before the ones already held, some
 * retracted later), every state it reaches is the journal re-folded from scratch.
 */

const DAYS = ['2011-03-01', '2011-04-01', '2011-04-15', '2011-05-01', '2011-06-30'] as const;

type Step = { kind: 'fact'; fact: number; day: number } | { kind: 'retract'; target: number };

const FACTS: readonly LedgerEventBody[] = [
  ragChanged('RED'),
  ragChanged('AMBER'),
  ragChanged('GREEN'),
  markedComplete(),
  { type: 'Reopened', data: { itemId: ITEM, reason: 'Evidence not accepted' } },
  updatePosted(),
];

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('fact' as const),
      fact: fc.nat(FACTS.length - 1),
      day: fc.nat(DAYS.length - 1),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), target: fc.nat(40) }) },
);

function record(body: LedgerEventBody, revision: number, effectiveOn: string): RecordedEvent {
  return {
    eventId: deterministicEventId(`evolve:${revision}`),
    type: body.type,
    schemaVersion: CURRENT_SCHEMA_VERSION[body.type],
    data: body.data,
    effectiveOn,
    actor: { id: 'test', method: 'system', requestId: null, claimedName: null },
    correlationId: null,
    causationId: null,
    streamId: `item-${ITEM}`,
    revision,
    position: revision,
    recordedAt: '2011-07-01T09:00:00.000Z',
    prevHash: GENESIS_HASH,
    hash: GENESIS_HASH,
  };
}

describe('item evolve', () => {
  it('given random histories, when folded event by event, then every state is the journal re-folded', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let state = evolve(initialState, decodeEvent(record(received(), 0, '2011-04-01')));
        const facts: string[] = [];
        let revision = 1;
        for (const s of steps) {
          let body: LedgerEventBody;
          let day = '2011-07-01';
          if (s.kind === 'fact') {
            body = FACTS[s.fact] ?? updatePosted();
            day = DAYS[s.day] ?? day;
          } else {
            const target = facts[s.target % Math.max(facts.length, 1)];
            if (target === undefined || !state.journal.entries.has(target)) continue;
            if (state.journal.entries.get(target)?.retracted) continue;
            body = { type: 'EntryRetracted', data: { retractsEventId: target, reason: 'entered in error' } };
          }
          const event = decodeEvent(record(body, revision++, day));
          if (s.kind === 'fact') facts.push(event.eventId);
          state = evolve(state, event);
          expect(state.item).toStrictEqual(foldFacts(liveFacts(state.journal)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
