import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { addDays } from '../../projections/time.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { ids, LogBuilder } from './factories.js';
import { naiveItemAt } from './naive.js';

const START = '2011-03-01';
const T0 = Date.parse('2011-03-01T08:00:00.000Z');
const ITEMS = [ids.item(1), ids.item(2), ids.item(3)];

/** One random step of an item's life; `day` is business time, `tick` moves the clock. */
const step = fc.record({
  item: fc.integer({ min: 0, max: ITEMS.length - 1 }),
  op: fc.constantFrom(
    'rag',
    'update',
    'due',
    'complete',
    'reopen',
    'na',
    'owner',
    'correct',
    'retract',
    'redate',
  ),
  day: fc.integer({ min: 0, max: 40 }),
  // Mostly forwards; now and then the server clock steps back (an adapter must not trust it).
  tick: fc.integer({ min: -2, max: 30 }),
  pick: fc.nat(),
  rag: fc.constantFrom('RED' as const, 'AMBER' as const, 'GREEN' as const),
  query: fc.option(
    fc.record({ asOfDay: fc.integer({ min: -2, max: 45 }), knownTick: fc.integer({ min: -5, max: 2000 }) }),
  ),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function buildAndCheck(steps: Step[]) {
  const log = new LogBuilder();
  const index = new AsOfIndex();
  let clock = T0;
  const at = (day: number) => {
    clock += 60_000;
    return { on: addDays(START, day), recordedAt: new Date(clock).toISOString() };
  };
  const feed = (e: LedgerEvent) => index.apply(e);
  ITEMS.forEach((itemId, n) => {
    feed(log.received({ itemId, inspectionId: ids.inspection, planId: ids.tp, ref: `AFI.${n}` }, at(n)));
  });
  const check = (asOf: string, knownAt: string) => {
    for (const itemId of ITEMS) {
      expect(index.itemAt(itemId, { asOf, knownAt })).toEqual(naiveItemAt(log.events, itemId, asOf, knownAt));
    }
  };
  for (const s of steps) {
    const itemId = ITEMS[s.item] ?? ids.item(1);
    clock += s.tick * 60_000;
    clock += 1;
    const when = { on: addDays(START, s.day), recordedAt: new Date(clock).toISOString() };
    const own = log.events.filter(
      (e) => e.streamId === `item-${itemId}` && e.type !== 'EntryCorrected' && e.type !== 'EntryRetracted',
    );
    const target = own[s.pick % own.length];
    switch (s.op) {
      case 'rag':
        feed(log.rag(itemId, s.rag, when));
        break;
      case 'update':
        feed(log.update(itemId, `update ${s.pick}`, when));
        break;
      case 'due':
        feed(log.due(itemId, addDays(START, s.pick % 90), when));
        break;
      case 'complete':
        feed(log.complete(itemId, when));
        break;
      case 'reopen':
        feed(log.reopen(itemId, when));
        break;
      case 'na':
        feed(log.notApplicable(itemId, when));
        break;
      case 'owner':
        feed(log.owner(itemId, `Supt ${s.pick % 5}`, when));
        break;
      case 'correct':
        if (target?.type === 'RagChanged') feed(log.correct(target, { fields: { to: s.rag } }, when));
        else if (target) feed(log.correct(target, { fields: { text: `fixed ${s.pick}` } }, when));
        break;
      case 'redate':
        if (target) feed(log.correct(target, { effectiveOn: addDays(START, s.pick % 40) }, when));
        break;
      case 'retract':
        if (target) feed(log.retract(target, when));
        break;
    }
    if (s.query) {
      check(addDays(START, s.query.asOfDay), new Date(T0 + s.query.knownTick * 60_000).toISOString());
      check(addDays(START, s.query.asOfDay), new Date(clock + 3_600_000).toISOString());
    }
  }
  // And a sweep after the whole log, over both axes.
  for (let d = -1; d <= 42; d += 3) {
    for (let k = T0 - 60_000; k <= clock + 60_000; k += Math.max(60_000, Math.floor((clock - T0) / 12))) {
      check(addDays(START, d), new Date(k).toISOString());
    }
  }
}

describe('as-of index: property', () => {
  it('answers every item at any (asOf, knownAt) exactly as a naive replay of the filtered log', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => buildAndCheck(steps)),
      { numRuns: 300 },
    );
  });
});
