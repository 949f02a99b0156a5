import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregates } from '../../src/app/aggregates.js';
import { executeCommand } from '../../src/app/execute-command.js';
import { StreamCache } from '../../src/app/stream-cache.js';
import { itemDecider } from '../../src/domain/item-decider.js';
import { decodeEvent } from '../../src/domain/ledger-event.js';
import { streamIdOf } from '../../src/domain/streams.js';
import { ConcurrencyError, RuleViolation } from '../../src/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { ITEM } from '../domain/fixtures.js';
import { run, seedItem, serverMeta, sqliteLedger } from './setup.js';

describe('the command handler’s stream cache', () => {
  let ledger: Awaited<ReturnType<typeof sqliteLedger>>;
  beforeEach(async () => {
    ledger = await sqliteLedger();
    await seedItem(ledger.store);
  });
  afterEach(async () => ledger.close());

  it('given a stream folded through one connection, when another connection re-rates the item, then the next command sees it', async () => {
    const other = ledger.open();
    await run(ledger.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'AMBER', reason: null } });
    await run(other, { type: 'ChangeRag', data: { itemId: ITEM, to: 'GREEN', reason: null } });
    // A stale state would think the item is AMBER and accept GREEN again.
    await expect(
      run(ledger.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'GREEN', reason: null } }),
    ).rejects.toSatisfy((e: unknown) => e instanceof RuleViolation && e.rule === 'item.rag_unchanged');
    const red = await run(ledger.store, {
      type: 'ChangeRag',
      data: { itemId: ITEM, to: 'RED', reason: null },
    });
    expect(red.events[0]?.data).toMatchObject({ from: 'GREEN', to: 'RED' });
  });

  it('given events appended after the cache was filled, the cached state equals a fold of the whole stream', async () => {
    const cache = new StreamCache(itemDecider);
    const streamId = streamIdOf('item', ITEM);
    await cache.load(ledger.store, streamId);
    await run(
      ledger.store,
      { type: 'PostUpdate', data: { itemId: ITEM, text: 'Policy drafted' } },
      '2011-05-02',
    );
    await run(ledger.store, { type: 'MarkComplete', data: { itemId: ITEM, evidence: null } }, '2011-05-03');
    const cached = await cache.load(ledger.store, streamId);
    const records = await ledger.store.readStream(streamId);
    const folded = records.map(decodeEvent).reduce(itemDecider.evolve, itemDecider.initialState);
    expect(cached.revision).toBe(records.length - 1);
    expect(cached.records.map((r) => r.eventId)).toEqual(records.map((r) => r.eventId));
    expect(cached.state).toEqual(folded);
  });

  it('given a command on a stream this process last wrote, then it is decided without reading the store, and the cache equals a fold of the stream', async () => {
    const reads = countingReads(ledger.store);
    await run(reads.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'AMBER', reason: null } });
    const before = reads.count;
    await run(reads.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'RED', reason: null } });
    await run(reads.store, { type: 'PostUpdate', data: { itemId: ITEM, text: 'Policy drafted' } });
    expect(reads.count).toBe(before);
    const streamId = streamIdOf('item', ITEM);
    const cached = aggregates.item.cache(reads.store).peek(streamId);
    const records = await ledger.store.readStream(streamId);
    expect(cached?.revision).toBe(records.length - 1);
    expect(cached?.records).toEqual(records);
    expect(cached?.state).toEqual(
      records.map(decodeEvent).reduce(itemDecider.evolve, itemDecider.initialState),
    );
  });

  it('given a cached state that another connection has moved past, when the stale state would refuse the command, then it is judged again on the log and accepted', async () => {
    await run(ledger.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'AMBER', reason: null } });
    await run(ledger.open(), { type: 'ChangeRag', data: { itemId: ITEM, to: 'GREEN', reason: null } });
    // The cached state still says AMBER, where re-rating to AMBER is refused as unchanged.
    const amber = await run(ledger.store, {
      type: 'ChangeRag',
      data: { itemId: ITEM, to: 'AMBER', reason: null },
    });
    expect(amber.events[0]?.data).toMatchObject({ from: 'GREEN', to: 'AMBER' });
    expect(amber.nextRevision).toBe(3);
  });

  it('given a cached state behind the log and an If-Match naming the true head, then the command is appended; naming the cached head, it is a 409', async () => {
    await run(ledger.store, { type: 'ChangeRag', data: { itemId: ITEM, to: 'AMBER', reason: null } });
    await run(ledger.open(), { type: 'PostUpdate', data: { itemId: ITEM, text: 'From elsewhere' } });
    const post = (expectedRevision: number) =>
      executeCommand(ledger.store, {
        command: { type: 'PostUpdate', data: { itemId: ITEM, text: 'Here' } },
        expectedRevision,
        metadata: serverMeta(),
        newId: ulid,
      });
    await expect(post(1)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await post(2)).nextRevision).toBe(3);
    expect(await ledger.store.streamRevision(streamIdOf('item', ITEM))).toBe(3);
  });
});

/** The store, counting its stream reads. */
function countingReads(store: EventStore) {
  const counter = { count: 0, store };
  counter.store = Object.assign(Object.create(store), {
    readStream: (...args: Parameters<EventStore['readStream']>) => {
      counter.count++;
      return store.readStream(...args);
    },
  });
  return counter;
}
