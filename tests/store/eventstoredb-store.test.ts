import { EventStoreDBClient } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import type { EsdbClient } from '../../src/store/eventstoredb-client.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb-store.js';
import { storeContract } from './contract.js';
import { cuttingClient } from './cutting-client.js';
import { newEvents, uniqueStreamId } from './factories.js';

/**
 * The shared store contract against a live EventStoreDB. It needs a server, which CI machines
 * (no container engine) do not have: set EVENTSTORE_URL to run it, e.g.
 *   docker compose up -d eventstore
 *   EVENTSTORE_URL='esdb://localhost:2113?tls=false' npm run test:eventstoredb
 * Every test uses its own streams, so a long-lived server with other data is fine.
 */
const url = process.env.EVENTSTORE_URL;
const SKIP_REASON =
  'EVENTSTORE_URL is not set: the EventStoreDB contract suite needs a live server and was NOT run ' +
  '(the mapping unit tests in eventstoredb-mapping/metadata.test.ts ran instead)';

if (!url) {
  console.warn(`[eventstoredb] skipped: ${SKIP_REASON}`);
  describe('EventStoreDbStore', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
} else {
  storeContract('EventStoreDbStore', async ({ clock }) => {
    let store = openEventStoreDbStore({ connectionString: url, clock });
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = openEventStoreDbStore({ connectionString: url, clock });
        return store;
      },
      async cleanup() {
        await store.close();
      },
      batched(batchBytes, writes) {
        const client = EventStoreDBClient.connectionString(url);
        const open = (c: EsdbClient) =>
          openEventStoreDbStore({ client: c, clock, maxAppendBytes: batchBytes });
        return { cut: open(cuttingClient(client, writes)), whole: open(client) };
      },
    };
  });

  describe('EventStoreDbStore specifics', () => {
    it('given a page cursor naming the last event read, when reading the log, then the next event comes first', async () => {
      const store = openEventStoreDbStore({ connectionString: url });
      try {
        const streamId = uniqueStreamId();
        const { events } = await store.append(streamId, newEvents(3), { expectedRevision: 'no_stream' });
        const first = events[0] ?? expect.unreachable();
        const page = await store.readAll({ after: first.position, limit: 2 });
        expect(page.map((e) => e.eventId)).toEqual(events.slice(1).map((e) => e.eventId));
      } finally {
        await store.close();
      }
    });
  });
}
