import type { RecordedEvent } from '../domain/envelope.js';
import { deferred } from './deferred.js';
import type { Subscription } from './event-store.js';

/** What a polling subscription needs from its store. */
export interface PollingSource {
  /**
   * Up to `limit` events with position > `after`, in position order; fewer (even none) when the
   * log ends there. May return a prefix of the page, but must then throw on the next call if
   * the rest cannot be read.
   */
  readAfter(after: number, limit: number): RecordedEvent[] | Promise<RecordedEvent[]>;
}

export interface PollingOptions {
  /** Exclusive checkpoint; -1 = from the start. */
  after: number;
  /** Events read per catch-up page: bounds memory however far behind the subscriber is. */
  pageSize: number;
  /** How often to look for events written by other processes (in-process writes call wake()). */
  pollIntervalMs: number;
}

/** A subscription plus the hook its store calls after every local commit. */
export interface PollingSubscription extends Subscription {
  /** Ends the sleep early: new events were committed in this process. */
  wake(): void;
}

/**
 * Catch-up then live, by reading the log after the last delivered position until a read comes
 * back empty, then sleeping until woken or the poll interval elapses. Because every read
 * starts right after the last event handed to the handler, delivery is exactly once and in
 * order across the catch-up → live switch, whatever was appended meanwhile: there is no
 * separate live channel whose events could overlap or miss the catch-up reads.
 *
 * Ends when close() is called (done resolves), when the handler or a read throws (done and,
 * if still pending, caughtUp reject with that error). Closing before catching up resolves
 * caughtUp, so nobody waits on it forever.
 */
export function startPollingSubscription(
  source: PollingSource,
  options: PollingOptions,
  handler: (event: RecordedEvent) => void | Promise<void>,
  onEnd: () => void,
): PollingSubscription {
  const caughtUp = deferred();
  const done = deferred();
  let closed = false;
  let checkpoint = options.after;
  let wakeSleeper: (() => void) | null = null;
  // Set by a wake that arrives while reading or handling, so that it is not lost.
  let woken = false;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || closed) {
        resolve();
        return;
      }
      const timer = setTimeout(finish, options.pollIntervalMs);
      // A forgotten subscription must not keep a CLI process alive on its own.
      timer.unref();
      function finish() {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = finish;
    });

  const run = async () => {
    let isCaughtUp = false;
    while (!closed) {
      woken = false;
      const page = await source.readAfter(checkpoint, options.pageSize);
      for (const event of page) {
        if (closed) return;
        await handler(event);
        checkpoint = event.position;
      }
      // Caught up only on an empty read, not on a short page: a source may cut a page short
      // (e.g. before an unreadable event, whose error the next read then reports).
      if (page.length === 0) {
        if (!isCaughtUp) {
          isCaughtUp = true;
          caughtUp.resolve();
        }
        await sleep();
      }
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
    wake() {
      woken = true;
      wakeSleeper?.();
    },
    async close() {
      closed = true;
      wakeSleeper?.();
      await finished;
    },
  };
}
