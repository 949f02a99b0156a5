import { evolveItem, type ItemView } from '../../projections/item-view.js';
import { type LedgerEvent, LedgerEventBody } from '../../src/domain/ledger-event.js';

/**
 * The reference answer, written independently of the index and as plainly as possible: filter
 * the log by knownAt, apply the corrections and retractions known then, filter by asOf, sort by
 * (effectiveOn, position), fold. Deliberately slow and obvious.
 */
export function naiveItemAt(log: readonly LedgerEvent[], itemId: string, asOf: string, knownAt: string) {
  return naiveStateAt<ItemView>(log, `item-${itemId}`, asOf, knownAt, evolveItem);
}

/** The same reference answer for any stream and its fold (plans: evolvePlan). */
export function naiveStateAt<S extends { revision: number }>(
  log: readonly LedgerEvent[],
  streamId: string,
  asOf: string,
  knownAt: string,
  evolve: (state: S | null, event: LedgerEvent) => S | null,
): S | null {
  const stream = log.filter((e) => e.streamId === streamId && e.recordedAt <= knownAt);
  const isFix = (e: LedgerEvent) => e.type === 'EntryCorrected' || e.type === 'EntryRetracted';
  const facts: LedgerEvent[] = [];
  for (const original of stream) {
    if (isFix(original)) continue;
    let e = original;
    let retracted = false;
    for (const fix of stream) {
      if (fix.type === 'EntryRetracted' && fix.data.retractsEventId === original.eventId) retracted = true;
      if (fix.type === 'EntryCorrected' && fix.data.correctsEventId === original.eventId) {
        const fields = Object.fromEntries(
          Object.entries(fix.data.fields).filter(([k]) => k !== 'ref' && !/Ids?$/.test(k)),
        );
        const parsed = LedgerEventBody.safeParse({ type: e.type, data: { ...e.data, ...fields } });
        if (parsed.success)
          e = Object.assign({}, e, parsed.data, { effectiveOn: fix.data.effectiveOn ?? e.effectiveOn });
      }
    }
    if (!retracted && e.effectiveOn <= asOf) facts.push(e);
  }
  facts.sort((a, b) =>
    a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : a.position - b.position,
  );
  let state: S | null = null;
  for (const e of facts) state = evolve(state, e);
  const revision = Math.max(-1, ...stream.map((e) => e.revision));
  return state === null ? null : { ...state, revision };
}
