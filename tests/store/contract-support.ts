import { afterEach, beforeEach, expect } from 'vitest';
import type { EventStore } from '../../src/store/event-store.js';
import { steppingClock } from './factories.js';

/** What a store factory hands to the contract suite. */
export interface StoreUnderTest {
  store: EventStore;
  /** Closes the store and removes whatever the factory created. */
  cleanup(): Promise<void>;
  /** Closes the store and opens it again on the same data (for durability tests). */
  reopen?(): Promise<EventStore>;
  /**
   * For adapters that write one append in several calls (EventStoreDB, in batches under its
   * size limit): two stores on the same data that cut appends into batches of about
   * `batchBytes`; `cut`'s appends are cut off (a connection lost) after `writes` batches.
   * Absent for adapters whose appends are one transaction (SQLite): they never leave a prefix.
   */
  batched?(batchBytes: number, writes: number): { cut: EventStore; whole: EventStore };
}

/** What the suite asks of a factory: the server clock the store must stamp recordedAt with. */
export interface StoreFactoryOptions {
  clock: () => Date;
}

export type StoreFactory = (options: StoreFactoryOptions) => Promise<StoreUnderTest>;

/** The clock every contract store gets: starts on a board date, one second per reading. */
export const CONTRACT_CLOCK_START = '2011-04-27T09:30:00.000Z';

/**
 * Runs `body` with a fresh store from `factory` and always cleans up. Every test uses its own
 * stream ids (uniqueStreamId) and only looks at its own streams, so the suite can also run
 * against a long-lived shared server where other events exist.
 */
export function withStore(factory: StoreFactory) {
  let sut: StoreUnderTest | undefined;
  beforeEach(async () => {
    sut = await factory({ clock: steppingClock(CONTRACT_CLOCK_START) });
  });
  afterEach(async () => {
    await sut?.cleanup();
    sut = undefined;
  });
  return () => {
    if (!sut) throw new Error('no store: used outside a test');
    return sut;
  };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}
