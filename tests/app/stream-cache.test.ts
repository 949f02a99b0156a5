import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamCache } from '../../src/app/stream-cache.js';
import { itemDecider } from '../../src/domain/item-decider.js';
import { decodeEvent } from '../../src/domain/ledger-event.js';
import { streamIdOf } from '../../src/domain/streams.js';
import { RuleViolation } from '../../src/errors.js';
import { ITEM } from '../domain/fixtures.js';
import { run, seedItem, sqliteLedger } from './setup.js';

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
});
