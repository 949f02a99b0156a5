/** The runner's live feed on its own: subscribing after the last event applied, and again after a failure. */
import type { RecordedEvent } from '../../src/domain/envelope.js';
import type { EventStore, Subscription } from '../../src/store/event-store.js';

/** One store subscription feeding the runner, started again after a failure (doubling delay to 30 s). */
export class LiveFeed {
  private subscription: Subscription | null = null;
  private failure: string | null = null;
  private retryDelayMs = 1000;
  private retryTimer: NodeJS.Timeout | null = null;

  /**
   * @param firstRetryDelayMs first delay before a failed feed is started again (doubling to 30 s)
   * @param appliedPosition the position of the last event applied (-1: none): the feed starts after it
   * @param onRecord called with every event of the log after it, in order
   */
  constructor(
    private readonly store: EventStore,
    private readonly firstRetryDelayMs: number,
    private readonly appliedPosition: () => number,
    private readonly onRecord: (record: RecordedEvent) => Promise<void>,
  ) {}

  /** Whether a subscription is open (or waiting to be started again). */
  get running(): boolean {
    return this.subscription !== null;
  }

  /** Why the last subscription ended, while it is not started again (null: it runs). */
  get error(): string | null {
    return this.failure;
  }

  /** Subscribes after the last event applied; resolves once caught up with the head. */
  async start(): Promise<void> {
    this.failure = null;
    const position = this.appliedPosition();
    const after = position >= 0 ? position : null;
    const subscription = this.store.subscribe({ after }, this.onRecord);
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      this.failure = error instanceof Error ? error.message : String(error);
      this.resubscribeLater(subscription);
    });
    await Promise.race([subscription.caughtUp, subscription.done]);
    this.retryDelayMs = this.firstRetryDelayMs;
  }

  /** Closes the subscription (and any retry pending); resolves once no event will be delivered. */
  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const subscription = this.subscription;
    this.subscription = null;
    if (subscription) await subscription.close();
  }

  /**
   * A live feed that ended with an error (a store that gave up reconnecting, an event that did
   * not decode) is started again after a delay, doubling to 30 s, from the last event applied:
   * read models must not freeze. `error` says why meanwhile.
   */
  private resubscribeLater(ended: Subscription): void {
    if (this.subscription !== ended) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(30_000, delay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.subscription !== ended) return;
      const failure = this.failure;
      void this.start().catch(() => undefined);
      if (this.failure === null) this.failure = failure;
    }, delay);
    this.retryTimer.unref();
  }
}
