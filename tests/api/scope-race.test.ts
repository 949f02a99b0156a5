import { afterEach, describe, expect, it } from 'vitest';
import { executeCommand } from '../../src/app/execute-command.js';
import { streamIdOf } from '../../src/domain/streams.js';
import type { EventStore } from '../../src/store/event-store.js';
import { testActor } from '../store/factories.js';
import { post, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/**
 * A store that lets a manager's transfer land at the worst moment for a contributor's command:
 * after the scope check has read the item, right before the command's append reaches the store
 * (the handler may decide on its cached state without reading the item again).
 */
function transferBeforeAppend(target: { itemId: string; toPlanId: string; armed: boolean }) {
  return (store: EventStore): EventStore =>
    new Proxy(store, {
      get(real, name, receiver) {
        if (name !== 'append') return Reflect.get(real, name, receiver);
        return async (...args: Parameters<EventStore['append']>) => {
          if (target.armed && args[0] === streamIdOf('item', target.itemId)) {
            target.armed = false;
            await executeCommand(real, {
              command: {
                type: 'TransferToPlan',
                data: { itemId: target.itemId, toPlanId: target.toPlanId, note: null },
              },
              metadata: {
                actor: testActor(),
                correlationId: null,
                causationId: null,
                effectiveOn: '2011-05-02',
              },
              newId: () => '01HZZZZZZZZZZZZZZZZZZZZZZZ',
            });
          }
          return real.append(...args);
        };
      },
    });
}

describe('contributor scope under a racing transfer', () => {
  let ledger: TestLedger | undefined;
  afterEach(async () => ledger?.close());

  it('given a transfer that lands between the scope check and the append, then 409 and nothing written outside the scope', async () => {
    // Given a Territorial Policing contributor and a TP item that a manager is moving to Protective Services
    const target = { itemId: '', toPlanId: '', armed: false };
    ledger = await testLedger({ wrapStore: transferBeforeAppend(target) });
    const ids: Seeded = await seed(ledger);
    Object.assign(target, { itemId: ids.tpItemId, toPlanId: ids.psPlanId, armed: true });
    // When the contributor posts an update while the transfer lands
    const response = await post(ledger.app, ledger.tokens.contributor, `/items/${ids.tpItemId}/updates`, {
      text: 'Policy drafted.',
      effectiveOn: '2011-05-02',
    });
    // Then the transfer happened, and the update was refused instead of landing in the PS plan
    expect(target.armed).toBe(false);
    expect(response.statusCode).toBe(409);
    const item = await ledger.store.readStream(streamIdOf('item', ids.tpItemId));
    expect(item.map((e) => e.type)).toEqual(['RecommendationReceived', 'TransferredBetweenPortfolios']);
  });
});
