import type { EventStoreDBClient } from '@eventstore/db-client';

/**
 * The part of the EventStoreDB client the adapter uses, with the client's own signatures. The
 * adapter takes one of these, so tests can hand it an in-memory fake typed against the real
 * client (tests/store/fake-esdb.ts) to show what only a server could otherwise show.
 */
export type EsdbClient = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

/**
 * Every read names the leader. A follower may lag: a command's read-back, its next command's
 * read of the stream, the id claims and the head must all see the writes already acknowledged,
 * also while an election moves the leader (the client then reconnects to the new one).
 */
export const ON_LEADER = { requiresLeader: true } as const;
