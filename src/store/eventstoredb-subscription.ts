import {
  type AllStreamSubscription,
  type EventStoreDBClient,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../domain/envelope.js';
import { deferred } from './deferred.js';
import type { Subscription } from './event-store.js';
import {
  isLedgerStream,
  isTransientConnectionError,
  LEDGER_STREAM_REGEX,
  numberToPosition,
} from './eventstoredb-mapping.js';
import { fromEsdbEvent } from './eventstoredb-metadata.js';

export interface EsdbSubscriptionOptions {
  /** Exclusive checkpoint: the position of the last event handled; -1 = from the start. */
  after: number;
  /** The ledger's head when the subscription starts (-1: empty), for caughtUp on old servers. */
  headAtStart: Promise<number>;
  /** Reconnects tried in a row before the subscription gives up and `done` rejects. */
  maxReconnectAttempts: number;
  /** First reconnect delay; doubles per failed attempt, capped at 5 s. */
  reconnectDelayMs: number;
}

/** Thrown by the handler: ends the subscription with exactly that error, never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Catch-up then live over `subscribeToAll`, filtered on the server to the ledger's streams.
 * The checkpoint is the ledger's own (the position of the last event handled), so the
 * subscription resumes after it on any node, after a restart, or after a dropped connection:
 * on a transient error it subscribes again from the last handled position, with backoff.
 * Every delivered event at or before the checkpoint is dropped, which makes the start
 * exclusive whatever the server does with the start position, and makes a reconnect that
 * overlaps the previous connection deliver nothing twice. The handler runs one event at a
 * time: the async iterator does not pull the next event until the handler's promise settles.
 */
export function startEsdbSubscription(
  client: EventStoreDBClient,
  options: EsdbSubscriptionOptions,
  handler: (event: RecordedEvent) => void | Promise<void>,
  onEnd: () => void,
): Subscription {
  const caughtUp = deferred();
  const done = deferred();
  let closed = false;
  let checkpoint = options.after;
  let current: AllStreamSubscription | null = null;
  let wakeSleeper: (() => void) | null = null;
  let head: number | null = null;
  void options.headAtStart.then(
    (value) => {
      head = value;
      if (value <= checkpoint) caughtUp.resolve();
    },
    () => undefined,
  );

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = finish;
    });

  const connectOnce = async () => {
    const subscription = client.subscribeToAll({
      fromPosition: checkpoint < 0 ? START : numberToPosition(checkpoint),
      resolveLinkTos: false,
      filter: streamNameFilter({ regex: LEDGER_STREAM_REGEX }),
    });
    current = subscription;
    // Servers from 23.10 say when the catch-up is over; older ones are covered by headAtStart.
    subscription.on('caughtUp', () => caughtUp.resolve());
    try {
      for await (const resolved of subscription) {
        if (closed) return;
        const raw = resolved.event;
        if (!raw || !isLedgerStream(raw.streamId)) continue;
        const event = fromEsdbEvent(raw);
        if (event.position <= checkpoint) continue;
        try {
          await handler(event);
        } catch (error) {
          throw new HandlerFailure(error);
        }
        checkpoint = event.position;
        if (head !== null && checkpoint >= head) caughtUp.resolve();
      }
    } finally {
      current = null;
      await subscription.unsubscribe().catch(() => undefined);
    }
  };

  const run = async () => {
    let failures = 0;
    while (!closed) {
      const before = checkpoint;
      try {
        await connectOnce();
        if (closed) return;
        // The server ended the stream without an error (e.g. a node shutting down): reconnect.
      } catch (error) {
        if (error instanceof HandlerFailure) throw error.error;
        if (closed) return;
        if (!isTransientConnectionError(error)) throw error;
      }
      failures = checkpoint > before ? 1 : failures + 1;
      if (failures > options.maxReconnectAttempts) {
        throw new Error(`subscription lost its connection ${failures} times in a row; giving up`);
      }
      await sleep(Math.min(5000, options.reconnectDelayMs * 2 ** (failures - 1)));
    }
  };

  const finished = run().then(
    () => {
      caughtUp.resolve();
      done.resolve();
    },
    (error: unknown) => {
      caughtUp.reject(error);
      done.reject(error);
    },
  );
  void finished.finally(onEnd);

  return {
    caughtUp: caughtUp.promise,
    done: done.promise,
    async close() {
      closed = true;
      wakeSleeper?.();
      await current?.unsubscribe().catch(() => undefined);
      await finished;
    },
  };
}
