import { describe, expect, it } from 'vitest';
import { AsOfIndex } from '../../projections/as-of-index.js';
import { RIPE } from '../../projections/stream-route.js';
import { boardSawOn, endOfDayUtc, resolveTimePoint } from '../../projections/time.js';
import type { LedgerEvent } from '../../src/domain/ledger-event.js';
import { ids, LogBuilder } from './factories.js';

const itemId = ids.item(1);
const NOW = '2030-01-01T00:00:00.000Z';

function given() {
  const log = new LogBuilder();
  const index = new AsOfIndex();
  const feed = <T extends Parameters<AsOfIndex['apply']>[0]>(e: T) => {
    index.apply(e);
    return e;
  };
  feed(
    log.received(
      { itemId, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.1' },
      { on: '2011-03-16', recordedAt: '2011-03-16T09:00:00.000Z' },
    ),
  );
  return { log, index, feed };
}

describe('as-of index', () => {
  it('a correction recorded after the board date: the board saw the old value, we now know the new', () => {
    // Given: RED on 6 April, a board on 27 April, and on 10 May a correction to AMBER.
    const { log, feed, index } = given();
    const red = feed(log.rag(itemId, 'RED', { on: '2011-04-06', recordedAt: '2011-04-06T10:00:00.000Z' }));
    feed(
      log.correct(
        red,
        { fields: { to: 'AMBER' } },
        { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
      ),
    );
    // When / Then
    expect(index.itemAt(itemId, boardSawOn('2011-04-27'))?.rag).toBe('RED');
    expect(index.itemAt(itemId, { asOf: '2011-04-27', knownAt: NOW })?.rag).toBe('AMBER');
  });

  it('a correction applies once known even if its own effectiveOn is later than asOf', () => {
    const { log, feed, index } = given();
    const red = feed(log.rag(itemId, 'RED', { on: '2011-04-06' }));
    feed(log.correct(red, { fields: { to: 'GREEN' } }, { on: '2011-12-01' }));
    expect(index.itemAt(itemId, { asOf: '2011-04-10', knownAt: NOW })?.rag).toBe('GREEN');
  });

  it('a corrected effectiveOn moves the original on the business axis', () => {
    const { log, feed, index } = given();
    const done = feed(log.complete(itemId, { on: '2011-04-01' }));
    feed(log.correct(done, { effectiveOn: '2011-05-01' }, { on: '2011-05-02' }));
    expect(index.itemAt(itemId, { asOf: '2011-04-15', knownAt: NOW })?.status).toBe('open');
    expect(index.itemAt(itemId, { asOf: '2011-05-01', knownAt: NOW })).toMatchObject({
      status: 'complete',
      closedOn: '2011-05-01',
    });
  });

  it('a retraction removes the fact from then on (in record time), not before', () => {
    const { log, feed, index } = given();
    const done = feed(log.complete(itemId, { on: '2011-04-01', recordedAt: '2011-04-01T10:00:00.000Z' }));
    feed(log.retract(done, { on: '2011-04-20', recordedAt: '2011-04-20T10:00:00.000Z' }));
    expect(index.itemAt(itemId, { asOf: '2011-04-10', knownAt: '2011-04-15T00:00:00.000Z' })?.status).toBe(
      'complete',
    );
    expect(index.itemAt(itemId, { asOf: '2011-04-10', knownAt: NOW })?.status).toBe('open');
  });

  it('a back-dated update lands in business order: the latest update is the latest by date', () => {
    const { log, feed, index } = given();
    feed(log.update(itemId, 'May update', { on: '2011-05-03', recordedAt: '2011-05-03T10:00:00.000Z' }));
    feed(
      log.update(itemId, 'April update, typed late', {
        on: '2011-04-07',
        recordedAt: '2011-05-04T10:00:00.000Z',
      }),
    );
    const now = index.itemAt(itemId, { asOf: '2011-06-01', knownAt: NOW });
    expect(now?.latestUpdate).toEqual({ text: 'May update', effectiveOn: '2011-05-03' });
    expect(now?.updatesCount).toBe(2);
    // On 1 May as known on 3 May: the April update was not yet typed in.
    expect(
      index.itemAt(itemId, { asOf: '2011-05-01', knownAt: '2011-05-03T23:00:00.000Z' })?.latestUpdate,
    ).toBeNull();
    expect(index.itemAt(itemId, { asOf: '2011-05-01', knownAt: NOW })?.latestUpdate?.text).toBe(
      'April update, typed late',
    );
  });

  it('revision is the stream revision known at knownAt (what If-Match needs)', () => {
    const { log, feed, index } = given();
    const red = feed(log.rag(itemId, 'RED', { on: '2011-04-06', recordedAt: '2011-04-06T10:00:00.000Z' }));
    feed(
      log.correct(
        red,
        { fields: { to: 'AMBER' } },
        { on: '2011-05-10', recordedAt: '2011-05-10T10:00:00.000Z' },
      ),
    );
    expect(index.itemAt(itemId, { asOf: '2011-06-01', knownAt: NOW })?.revision).toBe(2);
    expect(index.itemAt(itemId, boardSawOn('2011-04-27'))?.revision).toBe(1);
  });

  it('ignores an event it has already applied (idempotent resume)', () => {
    const { log, feed, index } = given();
    const red = feed(log.rag(itemId, 'RED', { on: '2011-04-06' }));
    index.apply(red);
    expect(index.eventCount).toBe(2);
  });

  it('a first pass caught up folds runs of progress updates as the index fed event by event does', () => {
    // Given: updates in order in runs of one to five (a RAG, a response and a backdated update
    // between them), fed to one index event by event and to another as a rebuild's first pass.
    const { log, feed, index } = given();
    const replayed = new AsOfIndex();
    replayed.deferFolds = true;
    let clock = Date.parse('2011-05-01T10:00:00.000Z');
    const day = (n: number) => {
      clock += 60_000;
      return { on: `2011-04-${String(n).padStart(2, '0')}`, recordedAt: new Date(clock).toISOString() };
    };
    const events = [log.events[0] as LedgerEvent];
    const both = (e: LedgerEvent) => events.push(feed(e));
    for (let n = 1; n <= 5; n++) both(log.update(itemId, `update ${n}`, day(n)));
    both(log.rag(itemId, 'AMBER', day(6)));
    both(log.update(itemId, 'update 6', day(7)));
    both(log.response(itemId, 'a response', day(8)));
    for (let n = 9; n <= 11; n++) both(log.update(itemId, `update ${n - 2}`, day(n)));
    both(log.update(itemId, 'a backdated update', day(3)));
    for (let n = 12; n <= 13; n++) both(log.update(itemId, `update ${n - 2}`, day(n)));
    for (const e of events) replayed.apply(e);
    replayed.deferFolds = false;
    // When: the replayed item is read (caught up on that read)
    const now = replayed.itemAt(itemId, { asOf: '2011-12-31', knownAt: NOW });
    // Then: the same state at every point on both axes, the last run folded to its last update
    expect(now).toMatchObject({
      updatesCount: 12,
      latestUpdate: { text: 'update 11', effectiveOn: '2011-04-13' },
    });
    for (const e of events)
      for (const asOf of ['2011-04-02', '2011-04-05', '2011-04-10', '2011-12-31']) {
        const at = { asOf, knownAt: e.recordedAt };
        expect(replayed.itemAt(itemId, at)).toEqual(index.itemAt(itemId, at));
        // The same bytes and the same keys, though a folded run's text is read when asked for.
        expect(JSON.stringify(replayed.itemAt(itemId, at))).toBe(JSON.stringify(index.itemAt(itemId, at)));
        expect(structuredClone(replayed.itemAt(itemId, at))).toEqual(index.itemAt(itemId, at));
      }
  });

  it('a first pass waiting for pages catches up the streams that gathered RIPE rows, and every stream near the end', () => {
    // Given: a first pass holding one item with RIPE rows waiting and one with a single row
    const { log, feed, index } = given();
    const other = ids.item(2);
    const replayed = new AsOfIndex();
    replayed.deferFolds = true;
    replayed.apply(log.events[0] as LedgerEvent);
    for (let n = 1; n < RIPE; n++)
      replayed.apply(feed(log.update(itemId, `update ${n}`, { on: `2011-04-0${n}` })));
    replayed.apply(
      feed(
        log.received(
          { itemId: other, inspectionId: ids.inspection, planId: ids.tp, ref: 'AFI.2' },
          { on: '2011-04-05' },
        ),
      ),
    );
    expect(replayed.ripening).toBe(true);
    // When: it catches up while it waits, then near the end of the log
    replayed.catchUpWhile(() => true);
    // Then: only the ripe one was visited; the other is visited when every stream is asked for
    expect(replayed.items.get(itemId)?.deferred).toBe(false);
    expect(replayed.items.get(other)?.deferred).toBe(true);
    expect(replayed.ripening).toBe(false);
    expect(replayed.catchingUp).toBe(true);
    replayed.catchUpWhile(() => true, true);
    expect(replayed.items.get(other)?.deferred).toBe(false);
    expect(replayed.catchingUp).toBe(false);
    replayed.deferFolds = false;
    for (const id of [itemId, other])
      expect(replayed.itemAt(id, { asOf: '2011-12-31', knownAt: NOW })).toEqual(
        index.itemAt(id, { asOf: '2011-12-31', knownAt: NOW }),
      );
  });

  it('is unknown before the item was received or recorded', () => {
    const { index } = given();
    expect(index.itemAt(itemId, { asOf: '2011-03-15', knownAt: NOW })).toBeNull();
    expect(index.itemAt(itemId, { asOf: '2011-06-01', knownAt: '2011-03-16T08:59:59.999Z' })).toBeNull();
  });
});

describe('time points', () => {
  it('reads a knownAt date as the end of that UTC day, and defaults both axes to now', () => {
    expect(endOfDayUtc('2011-04-27')).toBe('2011-04-27T23:59:59.999Z');
    const now = new Date('2011-06-01T12:00:00.000Z');
    expect(resolveTimePoint({}, now)).toEqual({ asOf: '2011-06-01', knownAt: '2011-06-01T12:00:00.000Z' });
    expect(resolveTimePoint({ asOf: '2011-04-27', knownAt: '2011-04-27' }, now)).toEqual(
      boardSawOn('2011-04-27'),
    );
  });
});
