import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/app/verify-ledger.js';
import type { NewEvent } from '../../src/domain/envelope.js';
import { decodeEvent } from '../../src/domain/ledger-event.js';
import { CorruptEventError } from '../../src/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { newEvent, tempDir } from '../store/factories.js';

const itemId = ulid();
const dueDateChangedV1 = (): NewEvent =>
  newEvent({
    type: 'DueDateChanged',
    schemaVersion: 1,
    data: { itemId, dueDate: '2011-06-30', timescale: null, reason: 'Board asked for it sooner' },
  });

describe('decoding stored events', () => {
  let dir: { dir: string; remove(): Promise<void> };
  let store: EventStore;
  beforeEach(async () => {
    dir = await tempDir('plan-ledger-decode-');
    store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    await dir.remove();
  });

  const storeAndRead = async (event: NewEvent) => {
    await store.append(`item-${itemId}`, [event], { expectedRevision: 'any' });
    const [record] = await store.readStream(`item-${itemId}`);
    if (!record) throw new Error('nothing stored');
    return record;
  };

  it('given a DueDateChanged written at schema version 1, when read, then it is upcast to the current version (not escalated, about the item itself) and the stored bytes still verify', async () => {
    const record = await storeAndRead(dueDateChangedV1());
    const decoded = decodeEvent(record);
    expect(decoded.schemaVersion).toBe(3);
    expect(decoded.type === 'DueDateChanged' && decoded.data.escalated).toBe(false);
    expect(decoded.type === 'DueDateChanged' && decoded.data.listingPlanId).toBeNull();
    expect(record.schemaVersion).toBe(1);
    expect((await verifyLedger(store)).ok).toBe(true);
  });

  it.each([
    ['OwnerAssigned', { itemId, strategicLead: 'ACC TP', actionOwner: null }],
    ['ResponseRecorded', { itemId, response: 'Accepted.' }],
  ])(
    'given a %s written at schema version 1 (before listings), when read, then it is about the item itself',
    async (type, data) => {
      const decoded = decodeEvent(await storeAndRead(newEvent({ type, schemaVersion: 1, data })));
      expect(decoded.schemaVersion).toBe(2);
      expect(decoded.data).toEqual({ ...data, listingPlanId: null });
    },
  );

  it('given a RecommendationReceived written at schema version 1, when read, then its ref is taken as printed', async () => {
    const data = {
      itemId,
      inspectionId: ulid(),
      planId: ulid(),
      ref: 'AFI.3',
      kind: 'area-for-improvement',
      parentRef: null,
      text: 'Improve crime recording.',
      reportReference: null,
      section: null,
      timescale: null,
      dueDate: null,
    };
    const decoded = decodeEvent(
      await storeAndRead(newEvent({ type: 'RecommendationReceived', schemaVersion: 1, data })),
    );
    expect(decoded.schemaVersion).toBe(2);
    expect(decoded.data).toEqual({ ...data, printedRef: null });
  });

  it('given a BoardReportPresented written at schema version 1, when read, then it shows the board date as recorded', async () => {
    const boardId = ulid();
    const v1 = newEvent({
      type: 'BoardReportPresented',
      schemaVersion: 1,
      data: { boardId, boardName: 'PRG', boardDate: '2011-04-27', planIds: [ulid()], snapshotDigest: null },
    });
    await store.append(`board-${boardId}`, [v1], { expectedRevision: 'any' });
    const [record] = await store.readStream(`board-${boardId}`);
    if (!record) throw new Error('nothing stored');
    const decoded = decodeEvent(record);
    expect(decoded.schemaVersion).toBe(2);
    expect(decoded.type === 'BoardReportPresented' && decoded.data).toMatchObject({
      asOf: '2011-04-27',
      knownAt: null,
    });
  });

  it('given an event type this ledger does not know, when read, then CorruptEventError names the event', async () => {
    const record = await storeAndRead(newEvent({ type: 'ItemTeleported' }));
    expect(() => decodeEvent(record)).toThrow(CorruptEventError);
    expect(() => decodeEvent(record)).toThrow(new RegExp(`${record.eventId}.*unknown event type`));
  });

  it('given a version newer than the code, when read, then the error says to upgrade', async () => {
    const record = await storeAndRead({ ...dueDateChangedV1(), schemaVersion: 9 });
    expect(() => decodeEvent(record)).toThrow(/newer than this ledger understands.*upgrade/);
  });

  it('given data that fails its schema, when read, then the error names the field', async () => {
    const record = await storeAndRead(
      newEvent({ type: 'RagChanged', data: { itemId, from: null, to: 'PURPLE', reason: null } }),
    );
    expect(() => decodeEvent(record)).toThrow(/data\.to/);
  });
});
