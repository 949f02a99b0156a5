import { join } from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import type { EventStore } from '../../../src/store/event-store.js';
import { openSqliteStore, type SqliteEventStore } from '../../../src/store/sqlite-store.js';
import { tempDir, waitFor } from '../../store/factories.js';

describe('projection runner: a live feed that fails', () => {
  let store: SqliteEventStore | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await store?.close();
    await remove?.();
  });

  it('given the first subscription ends with an error, then the runner subscribes again and the read models move on', async () => {
    const dir = await tempDir('plan-ledger-resubscribe-');
    remove = dir.remove;
    store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite') });
    const real = store;
    let subscriptions = 0;
    // The first live feed fails on its first event (as a store that gave up reconnecting would end it)
    const flaky: EventStore = new Proxy(real, {
      get(target, name, receiver) {
        if (name !== 'subscribe') return Reflect.get(target, name, receiver);
        return (
          options: Parameters<EventStore['subscribe']>[0],
          handler: Parameters<EventStore['subscribe']>[1],
        ) => {
          const first = ++subscriptions === 1;
          return target.subscribe(options, async (event) => {
            if (first) throw new Error('connection lost for good');
            await handler(event);
          });
        };
      },
    });
    const runner = new ProjectionRunner({ store: flaky, dataDir: null, resubscribeDelayMs: 20 });
    await runner.start();
    const { loadSampleIfEmpty } = await import('../../../src/sample/load-sample.js');
    await loadSampleIfEmpty(real, { newId: ulid });
    const head = await real.headPosition();
    await waitFor(() => runner.index.position === head, 5000, 'the runner to catch up after resubscribing');
    expect(subscriptions).toBeGreaterThanOrEqual(2);
    expect((await runner.lag()).behind).toBe(0);
    await runner.stop({ save: false });
  });
});
