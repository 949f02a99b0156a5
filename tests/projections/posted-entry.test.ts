import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { planSnapshot } from '../../projections/current-plans.js';
import type { ItemView } from '../../projections/item-view.js';
import { timeKeys } from '../../projections/stream-timeline.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { ids, LogBuilder } from './factories.js';

const itemId = ids.item(1);
const NOW = '2030-01-01T00:00:00.000Z';
const AS_OF = ['2011-04-02', '2011-04-05', '2011-04-08', '2011-04-10', '2011-04-12', '2011-12-31'];

type Entry = NonNullable<ItemView['latestUpdate']>;

/**
 * Given: one item's updates in runs of one to five, a RAG, a response and a back-dated update
 * between them, fed to one index event by event (`fed`, every entry made plain by the fold)
 * and to others as a rebuild's first pass does (`replayed()`: runs folded in one step and
 * checkpoints packed, their entries reading the text when asked for).
 */
function given() {
  const log = new LogBuilder();
  let clock = Date.parse('2011-05-01T10:00:00.000Z');
  const day = (n: number) => {
    clock += 60_000;
    return { on: `2011-04-${String(n).padStart(2, '0')}`, recordedAt: new Date(clock).toISOString() };
  };
  log.received(
    { itemId, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.1' },
    { on: '2011-03-16', recordedAt: '2011-03-16T09:00:00.000Z' },
  );
  for (let n = 1; n <= 5; n++) log.update(itemId, `update ${n}`, day(n));
  log.rag(itemId, 'AMBER', day(6));
  log.update(itemId, 'update 6', day(7));
  log.response(itemId, 'a response', day(8));
  for (let n = 9; n <= 11; n++) log.update(itemId, `update ${n - 2}`, day(n));
  log.update(itemId, 'a backdated update', day(3));
  for (let n = 12; n <= 13; n++) log.update(itemId, `update ${n - 2}`, day(n));
  const events = log.events as LedgerEvent[];
  const fed = new AsOfIndex();
  for (const e of events) fed.apply(e);
  const replayed = () => {
    const index = new AsOfIndex();
    index.deferFolds = true;
    for (const e of events) index.apply(e);
    index.deferFolds = false;
    return index;
  };
  // Every point on both axes: as known after each event, at dates inside and after the runs.
  const points = events.flatMap((e) => AS_OF.map((asOf) => ({ asOf, knownAt: e.recordedAt })));
  points.push(...AS_OF.map((asOf) => ({ asOf, knownAt: NOW })));
  return { fed, replayed, points };
}

const entriesOf = (state: ItemView | null): Entry[] =>
  [state?.latestUpdate, state?.latestPosted].filter((e): e is Entry => e !== null && e !== undefined);

describe('posted entry', () => {
  it("a read's item state holds its latest update as plain data, the same bytes as a fold event by event", () => {
    const { fed, replayed, points } = given();
    const index = replayed();
    let read = 0;
    for (const at of points) {
      // When: the item is read alone and through its plan
      const alone = index.itemAt(itemId, at);
      const inPlan = planSnapshot(index, ids.tp, at)?.items.map((e) => e.item) ?? [];
      for (const state of [alone, ...inPlan]) {
        // Then: every entry is a data property on a plain object (no accessor left to call)
        for (const entry of entriesOf(state)) {
          expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
          const text = Object.getOwnPropertyDescriptor(entry, 'text');
          expect(text?.get).toBeUndefined();
          expect(typeof text?.value).toBe('string');
          read++;
        }
        // One object for both when they are one entry (the codec packs a checkpoint on that)
        if (state?.latestPosted != null && state.latestUpdate?.text === state.latestPosted.text)
          expect(state.latestUpdate).toBe(state.latestPosted);
        expect(JSON.stringify(state)).toBe(JSON.stringify(fed.itemAt(itemId, at)));
      }
    }
    expect(read).toBeGreaterThan(points.length);
  });

  it("the rebuild's own reads keep the text unread, behind one getter every entry shares", () => {
    // Given: the replayed index read as the rebuild's count points read it (unfinished)
    const { fed, replayed, points } = given();
    const index = replayed();
    const timeline = index.items.get(itemId);
    const lazy: Entry[] = [];
    for (const at of points) {
      const state = timeline?.stateAt(at.asOf, at.knownAt, timeKeys(at.asOf, at.knownAt), true) ?? null;
      for (const entry of entriesOf(state))
        if (Object.getOwnPropertyDescriptor(entry, 'text')?.get !== undefined) lazy.push(entry);
    }
    // Then: entries left to read their text (the rebuild's saving) ...
    expect(lazy.length).toBeGreaterThan(1);
    // ... share one getter (one hidden class: fast properties, V8's fast JSON path), ...
    const getters = new Set(lazy.map((e) => Object.getOwnPropertyDescriptor(e, 'text')?.get));
    expect(getters.size).toBe(1);
    // ... and read, spread, list keys and serialize as a plain entry does
    const texts = new Set(
      points.flatMap((at) => entriesOf(fed.itemAt(itemId, at)).map((e) => JSON.stringify(e))),
    );
    for (const entry of lazy) {
      const plain = { text: entry.text, effectiveOn: entry.effectiveOn };
      expect(Object.keys(entry)).toEqual(['text', 'effectiveOn']);
      expect(JSON.stringify(entry)).toBe(JSON.stringify(plain));
      expect({ ...entry }).toStrictEqual(plain);
      expect(structuredClone(entry)).toStrictEqual(plain);
      expect(texts.has(JSON.stringify(entry))).toBe(true);
    }
  });
});
