import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_COLUMNS, type Column } from '../../src/app/event-checks.js';
import { storeWitness, verifyLedger } from '../../src/app/verify-ledger.js';
import type { EventStore } from '../../src/store/event-store.js';
import { tempDir } from '../store/factories.js';
import { type TamperLedger, tamperLedger } from './tamper.js';

/** Position 4 is stream 0's revision 2; its next event in the stream is at position 5. */
const VICTIM = 4;

describe('verify names the event and the column of every kind of tampering', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let ledger: TamperLedger;
  let witness: EventStore;

  beforeEach(async () => {
    dir = await tempDir('plan-ledger-tamper-');
    ledger = await tamperLedger(dir.dir);
    witness = await ledger.backup('backup.sqlite');
  });
  afterEach(async () => {
    await ledger.store.close();
    await witness.close();
    await dir.remove();
  });

  const victim = async () => {
    const event = (await ledger.log()).find((e) => e.position === VICTIM);
    if (!event) throw new Error('no victim');
    return event;
  };

  /** The findings about one event. */
  const findingsOf = async (eventId: string, withWitness = false) => {
    const report = await verifyLedger(ledger.store, withWitness ? { witness: storeWitness(witness) } : {});
    expect(report.ok).toBe(false);
    return report.failures.filter((f) => f.eventId === eventId);
  };

  it('given an untouched ledger, verify passes with no findings', async () => {
    const report = await verifyLedger(ledger.store);
    expect(report).toMatchObject({ ok: true, eventsChecked: 16, streams: 3, failures: [] });
  });

  // Columns the rest of the file repeats: the file alone pins them.
  const structural: [Column, string, (v: { hash: string; streamId: string }) => unknown[]][] = [
    [
      'stream_id',
      'UPDATE events SET stream_id = ? WHERE position = ?',
      () => ['item-01HZZZZZZZZZZZZZZZZZZZZZZZ'],
    ],
    ['revision', 'UPDATE events SET revision = revision + 100 WHERE position = ?', () => []],
    ['prev_hash', 'UPDATE events SET prev_hash = ? WHERE position = ?', () => ['ab'.repeat(32)]],
    ['hash', 'UPDATE events SET hash = ? WHERE position = ?', () => ['cd'.repeat(32)]],
  ];
  it.each(structural)(
    'when %s is edited, verify names that event and exactly that column',
    async (column, sql, args) => {
      const event = await victim();
      ledger.sql(sql, ...args(event), VICTIM);
      const [first] = await findingsOf(event.eventId);
      expect(first?.columns).toEqual([column]);
    },
  );

  it('when an event is moved to another position, verify names it and the position column', async () => {
    const event = await victim();
    ledger.sql('UPDATE events SET position = 1000 WHERE position = ?', VICTIM);
    const report = await verifyLedger(ledger.store);
    expect(report.firstFailure).toMatchObject({ position: VICTIM + 1, columns: ['position'] });
    expect(report.failures).toContainEqual(
      expect.objectContaining({ eventId: event.eventId, position: 1000, columns: ['position'] }),
    );
  });

  // Columns only the hash covers: the file says "one of these"; a backup pins which.
  const content: [Column, string, unknown][] = [
    ['type', 'UPDATE events SET type = ? WHERE position = ?', 'RagChanged'],
    ['effective_on', 'UPDATE events SET effective_on = ? WHERE position = ?', '2011-01-01'],
    ['recorded_at', 'UPDATE events SET recorded_at = ? WHERE position = ?', '2011-04-27T09:30:04.500Z'],
    [
      'actor',
      'UPDATE events SET actor = ? WHERE position = ?',
      JSON.stringify({ id: 'someone-else', method: 'api-key', requestId: 'req-1', claimedName: null }),
    ],
    ['data', 'UPDATE events SET data = ? WHERE position = ?', JSON.stringify({ note: 'forged', n: 2 })],
  ];
  it.each(content)(
    'when %s is edited, verify names the event; with a backup, exactly that column',
    async (column, sql, value) => {
      const event = await victim();
      ledger.sql(sql, value, VICTIM);
      const [alone] = await findingsOf(event.eventId);
      expect(alone?.columns).toEqual(CONTENT_COLUMNS);
      expect(alone?.columns).toContain(column);
      const [pinned] = await findingsOf(event.eventId, true);
      expect(pinned?.columns).toEqual([column]);
    },
  );

  it('when prev_hash is rewritten and the event rehashed, only the chain link catches it, at that event', async () => {
    const event = await victim();
    await ledger.rewriteAndRehash(VICTIM, { prevHash: 'ab'.repeat(32) });
    const [first] = await findingsOf(event.eventId);
    expect(first?.columns).toEqual(['prev_hash']);
  });

  it('when a revision is rewritten and the event rehashed, the revision check names that event', async () => {
    const event = await victim();
    await ledger.rewriteAndRehash(VICTIM, { revision: 9 });
    const [first] = await findingsOf(event.eventId);
    expect(first?.columns).toEqual(['revision']);
  });

  it('when two events of different streams swap places, the order in time names the moved ones', async () => {
    const events = await ledger.log();
    const a = events[2]!; // stream 1, round 0
    const b = events[7]!; // stream 2, round 1
    expect(a.streamId).not.toBe(b.streamId);
    ledger.sql('UPDATE events SET position = 100000 WHERE position = ?', a.position);
    ledger.sql('UPDATE events SET position = ? WHERE position = ?', a.position, b.position);
    ledger.sql('UPDATE events SET position = ? WHERE position = 100000', b.position);
    const report = await verifyLedger(ledger.store);
    expect(report.ok).toBe(false);
    const named = report.failures.filter((f) => f.columns.includes('position')).map((f) => f.eventId);
    expect(named).toContain(a.eventId);
    expect(named).toContain(b.eventId);
  });

  it('when the last event of a stream is deleted (not the ledger’s last), the position gap names the place', async () => {
    const events = await ledger.log();
    const lastOfStream1 = events.filter((e) => e.streamId === ledger.streams[1]).at(-1)!;
    ledger.sql('DELETE FROM events WHERE position = ?', lastOfStream1.position);
    const report = await verifyLedger(ledger.store);
    expect(report.firstFailure).toMatchObject({
      position: lastOfStream1.position + 1,
      columns: ['position'],
      reason: expect.stringContaining(`no event at position ${lastOfStream1.position}`),
    });
  });

  it('when an event is deleted mid-stream, verify names the next event (position gap, then revision and link)', async () => {
    ledger.sql('DELETE FROM events WHERE position = ?', VICTIM);
    const report = await verifyLedger(ledger.store);
    expect(report.firstFailure).toMatchObject({ position: VICTIM + 1, columns: ['position'] });
    expect(report.failures.filter((f) => f.position === VICTIM + 1).flatMap((f) => f.columns)).toEqual([
      'position',
      'revision',
      'prev_hash',
    ]);
  });
});
