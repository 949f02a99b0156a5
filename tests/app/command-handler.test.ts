import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/app/command-handler.js';
import { ConcurrencyError, NotFoundError, RuleViolation, ValidationError } from '../../src/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { ITEM, idFor } from '../domain/fixtures.js';
import { seedItem, serverMeta, sqliteLedger } from './setup.js';

const ITEM_STREAM = `item-${ITEM}`;
const postUpdate = (text = 'Training delivered') => ({
  type: 'PostUpdate' as const,
  data: { itemId: ITEM, text },
});

/** Records every append's expected revision, to prove the handler appends with what it read. */
function spying(store: EventStore) {
  const expected: unknown[] = [];
  const spy: EventStore = Object.assign(Object.create(store), {
    append: (...args: Parameters<EventStore['append']>) => {
      expected.push(args[2].expectedRevision);
      return store.append(...args);
    },
  });
  return { spy, expected };
}

/** Holds every read until `parties` reads have happened: forces two writers to read the same head. */
function barrier(store: EventStore, parties: number): EventStore {
  let waiting: (() => void)[] = [];
  return Object.assign(Object.create(store), {
    readStream: async (...args: Parameters<EventStore['readStream']>) => {
      const records = await store.readStream(...args);
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length >= parties) {
          for (const release of waiting) release();
          waiting = [];
        }
      });
      return records;
    },
  });
}

let ledger: Awaited<ReturnType<typeof sqliteLedger>>;
beforeEach(async () => {
  ledger = await sqliteLedger();
  await seedItem(ledger.store);
});
afterEach(() => ledger.close());

describe('handleCommand', () => {
  it('stamps the envelope from the server metadata and the current schema version', async () => {
    const meta = serverMeta('2011-05-03');
    const result = await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      metadata: meta,
      newId: ulid,
    });
    expect(result).toMatchObject({ streamId: ITEM_STREAM, nextRevision: 1, noop: false });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'UpdatePosted',
      schemaVersion: 1,
      revision: 1,
      effectiveOn: '2011-05-03',
      actor: meta.actor,
      correlationId: meta.correlationId,
      data: { itemId: ITEM, text: 'Training delivered' },
    });
  });

  it('appends with exactly the revision it read', async () => {
    const { spy, expected } = spying(ledger.store);
    await handleCommand(spy, {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      metadata: serverMeta(),
      newId: ulid,
    });
    await handleCommand(spy, {
      streamId: ITEM_STREAM,
      command: postUpdate('More'),
      metadata: serverMeta(),
      newId: ulid,
    });
    const fresh = `plan-${idFor('new-plan')}`;
    await expect(
      handleCommand(spy, {
        streamId: fresh,
        command: { type: 'ChangePlanOwner', data: { planId: idFor('new-plan'), planOwner: 'X' } },
        metadata: serverMeta(),
        newId: ulid,
      }),
    ).rejects.toThrow(NotFoundError);
    expect(expected).toEqual([0, 1]);
  });

  it('refuses a stale expected revision with a ConcurrencyError and appends nothing', async () => {
    const error = await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      expectedRevision: 5,
      metadata: serverMeta(),
      newId: ulid,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: ITEM_STREAM, expected: 5, actual: 0 });
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });

  it('accepts the current expected revision', async () => {
    const result = await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      expectedRevision: 0,
      metadata: serverMeta(),
      newId: ulid,
    });
    expect(result.nextRevision).toBe(1);
  });

  it('turns a retry with the same idempotency key into a no-op, even after the stream moved on', async () => {
    const input = {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      expectedRevision: 0,
      metadata: serverMeta('2011-05-01', { idempotencyKey: 'req-42' }),
      newId: ulid,
    };
    const first = await handleCommand(ledger.store, input);
    const second = await handleCommand(ledger.store, input);
    expect(second.noop).toBe(true);
    expect(second.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: postUpdate('Other'),
      metadata: serverMeta(),
      newId: ulid,
    });
    const third = await handleCommand(ledger.store, input);
    expect(third.noop).toBe(true);
    expect(third.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    const updates = (await ledger.store.readStream(ITEM_STREAM)).filter((e) => e.type === 'UpdatePosted');
    expect(updates).toHaveLength(2);
  });

  it('lets exactly one of two concurrent writers with the same expected revision succeed', async () => {
    const other = ledger.open(); // a second connection, as a second process would have
    const attempt = (store: EventStore, text: string) =>
      handleCommand(store, {
        streamId: ITEM_STREAM,
        command: postUpdate(text),
        expectedRevision: 0,
        metadata: serverMeta(),
        newId: ulid,
      });
    const results = await Promise.allSettled([attempt(ledger.store, 'A'), attempt(other, 'B')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(ConcurrencyError);
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(1);
  });

  it('lets exactly one of two writers that read the same head succeed, without If-Match', async () => {
    const held = barrier(ledger.store, 2);
    const attempt = (text: string) =>
      handleCommand(held, {
        streamId: ITEM_STREAM,
        command: postUpdate(text),
        metadata: serverMeta(),
        newId: ulid,
      });
    const results = await Promise.allSettled([attempt('A'), attempt('B')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConcurrencyError);
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(1);
  });

  it('is NotFound for a command on a missing item', async () => {
    const missing = idFor('missing-item');
    await expect(
      handleCommand(ledger.store, {
        streamId: `item-${missing}`,
        command: { type: 'PostUpdate', data: { itemId: missing, text: 'x' } },
        metadata: serverMeta(),
        newId: ulid,
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it('refuses a command whose data names another stream', async () => {
    const error = await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: { type: 'PostUpdate', data: { itemId: idFor('someone-else'), text: 'x' } },
      metadata: serverMeta(),
      newId: ulid,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ rule: 'command.wrong_stream', field: 'data.itemId' });
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });

  it('refuses a command that does not belong to the stream kind, or is invalid', async () => {
    await expect(
      handleCommand(ledger.store, {
        streamId: ITEM_STREAM,
        command: { type: 'ChangePlanOwner', data: { planId: ITEM, planOwner: 'x' } },
        metadata: serverMeta(),
        newId: ulid,
      }),
    ).rejects.toThrow(ValidationError);
    await expect(
      handleCommand(ledger.store, {
        streamId: 'not-a-stream',
        command: postUpdate(),
        metadata: serverMeta(),
        newId: ulid,
      }),
    ).rejects.toThrow(ValidationError);
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });

  it('surfaces rule violations and appends nothing', async () => {
    const error = await handleCommand(ledger.store, {
      streamId: ITEM_STREAM,
      command: postUpdate(),
      metadata: serverMeta('2011-01-01'),
      newId: ulid,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rule: 'item.effective_before_received', field: 'metadata.effectiveOn' });
    expect(await ledger.store.streamRevision(ITEM_STREAM)).toBe(0);
  });
});
