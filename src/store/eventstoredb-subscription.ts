import { type AllStreamSubscription, START, streamNameFilter } from '@eventstore/db-client';
import type { RecordedEvent } from '../domain/envelope.js';
import { deferred } from './deferred.js';
import type { Subscription } from './event-store.js';
import { type EsdbClient, ON_LEADER } from './eventstoredb-client.js';
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
  /** The position of the last ledger event now (-1: none); asked at start and at each caught-up signal. */
  head: () => Promise<number>;
  /** Transient failures in a row before giving up; default: never give up. */
  maxReconnectAttempts: number;
  /** First reconnect delay; doubles per failed attempt, capped at `maxReconnectDelayMs`. */
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  /**
   * Checks once, before subscribing, that `after` is a place in this log; throws (a
   * ValidationError naming `after`) when it is not, which ends the subscription with that error
   * instead of a server error on every reconnect.
   */
  checkAfter?: (after: number) => Promise<void>;
  /** Told about every transient failure and the delay before the next attempt (for lag reports). */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Thrown by the handler: ends the subscription with exactly that error, never retried. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Catch-up then live over `subscribeToAll`, filtered on the server to the ledger's streams.
 * The checkpoint is the ledger's own (the position of the last event handled), so the
 * subscription resumes after it on any node, after a restart, or after a dropped connection:
 * on a transient error (a node lost, an election, a cancelled call, a reset stream, discovery
 * not done yet) it subscribes again from the last handled position, with backoff, for as long
 * as it takes; a failure that would recur (access denied, a corrupt event, the handler's own
 * error) ends it. Every delivered event at or before the checkpoint is dropped, which makes
 * the start exclusive and a reconnect that overlaps the previous connection deliver nothing twice.
 *
 * `caughtUp` resolves once the handler has handled every ledger event that existed when the
 * server said the catch-up was over (or, for servers without that signal, when the
 * subscription started): the signal itself arrives while events before it may still sit in
 * the client's buffer, unhandled.
 */
export function startEsdbSubscription(
  client: EsdbClient,
  options: EsdbSubscriptionOptions,
  handler: (event: RecordedEvent) => void | Promise<void>,
  onEnd: () => void,
): Subscription {
  const caughtUp = deferred();
  const done = deferred();
  let closed = false;
  let isCaughtUp = false;
  let checkpoint = options.after;
  let target: number | null = null;
  let current: AllStreamSubscription | null = null;
  let wakeSleeper: (() => void) | null = null;

  const settleIfCaughtUp = () => {
    if (!isCaughtUp && target !== null && checkpoint >= target) {
      isCaughtUp = true;
      caughtUp.resolve();
    }
  };
  const aim = () =>
    options.head().then(
      (head) => {
        // The furthest head seen: "caught up" means with the head as it was at the signal.
        target = Math.max(target ?? -1, head);
        settleIfCaughtUp();
      },
      () => undefined,
    );
  void aim();

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
    // The head could not be read at the start (a node still starting) and a server older than
    // the caught-up signal never asks again: ask on every connection until it is known.
    if (target === null) void aim();
    const subscription = client.subscribeToAll({
      fromPosition: checkpoint < 0 ? START : numberToPosition(checkpoint),
      resolveLinkTos: false,
      filter: streamNameFilter({ regex: LEDGER_STREAM_REGEX }),
      ...ON_LEADER,
    });
    current = subscription;
    subscription.on('caughtUp', () => void aim());
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
        settleIfCaughtUp();
      }
    } finally {
      current = null;
      await subscription.unsubscribe().catch(() => undefined);
    }
  };

  const run = async () => {
    if (options.after >= 0 && options.checkAfter) {
      try {
        await options.checkAfter(options.after);
      } catch (error) {
        // Unreachable now: the subscription's own reconnects deal with that.
        if (!isTransientConnectionError(error)) throw error;
      }
    }
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
        failures = checkpoint > before ? 1 : failures + 1;
        if (failures > options.maxReconnectAttempts) {
          throw new Error(`subscription lost its connection ${failures} times in a row; giving up`);
        }
        const delay = Math.min(options.maxReconnectDelayMs, options.reconnectDelayMs * 2 ** (failures - 1));
        options.onRetry?.(error, failures, delay);
        await sleep(delay);
        continue;
      }
      await sleep(options.reconnectDelayMs);
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
