import fc from 'fast-check';
import { addDays } from '../../projections/time.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { ids, type LogBuilder } from './factories.js';

/** The property tests' random item histories (as-of-index.property*.test.ts). */
export const START = '2011-03-01';
export const T0 = Date.parse('2011-03-01T08:00:00.000Z');
export const ITEMS = [ids.item(1), ids.item(2), ids.item(3)];

/** One random step of an item's life; `day` is business time, `tick` moves the clock. */
export const step = fc.record({
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

export type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The items' receipts, at the start of every random history. */
export function receipts(
  log: LogBuilder,
  at: (day: number) => { on: string; recordedAt: string },
): LedgerEvent[] {
  return ITEMS.map((itemId, n) =>
    log.received({ itemId, inspectionId: ids.inspection, planId: ids.tp, ref: `AFI.${n}` }, at(n)),
  );
}

/** The event one step writes to the log (null when it has nothing to act on). */
export function eventOf(
  log: LogBuilder,
  s: Step,
  when: { on: string; recordedAt: string },
): LedgerEvent | null {
  const itemId = ITEMS[s.item] ?? ids.item(1);
  const own = log.events.filter(
    (e) => e.streamId === `item-${itemId}` && e.type !== 'EntryCorrected' && e.type !== 'EntryRetracted',
  );
  const target = own[s.pick % own.length];
  switch (s.op) {
    case 'rag':
      return log.rag(itemId, s.rag, when);
    case 'update':
      return log.update(itemId, `update ${s.pick}`, when);
    case 'due':
      return log.due(itemId, addDays(START, s.pick % 90), when);
    case 'complete':
      return log.complete(itemId, when);
    case 'reopen':
      return log.reopen(itemId, when);
    case 'na':
      return log.notApplicable(itemId, when);
    case 'owner':
      return log.owner(itemId, `Supt ${s.pick % 5}`, when);
    case 'correct':
      if (target?.type === 'RagChanged') return log.correct(target, { fields: { to: s.rag } }, when);
      return target ? log.correct(target, { fields: { text: `fixed ${s.pick}` } }, when) : null;
    case 'redate':
      return target ? log.correct(target, { effectiveOn: addDays(START, s.pick % 40) }, when) : null;
    case 'retract':
      return target ? log.retract(target, when) : null;
  }
}
