import type { RecordedEvent } from '../../src/domain/envelope.js';
import { isSystemStream } from '../../src/domain/system-streams.js';
import { NotFoundError } from '../../src/errors.js';
import type { EventStore } from '../../src/store/event-store.js';
import { anchorOf } from '../../src/store/log-anchor.js';
import { AsOfIndex } from '../as-of-index.js';
import { LiveBoardCounts } from '../live-board-counts.js';
import { LiveFeed } from './live-feed.js';
import { replayLog } from './replay-log.js';
import { type Lag, PROJECTIONS, type RebuildProgress, type RunnerStats } from './runner-reports.js';
import { settleInTurns } from './settle-in-turns.js';
import { SnapshotSaves } from './snapshot-saves.js';
import { SnapshotStore } from './snapshot-store.js';
import { TrustedDecoder } from './trusted-decode.js';
import { releaseYoungGenerationWhenQuiet } from './young-generation.js';

export {
  type Lag,
  PROJECTIONS,
  type ProjectionName,
  type RebuildProgress,
  type RunnerStats,
} from './runner-reports.js';

export interface RunnerOptions {
  store: EventStore;
  /** Directory for the persisted projection state; null keeps it in memory only. */
  dataDir?: string | null;
  /**
   * Save a snapshot, in the background, after this many new live events (and on stop, and once
   * caught up on start). Default 50 000.
   */
  saveEvery?: number;
  /** First delay before a failed live feed is started again (doubling to 30 s). Default 1 s. */
  resubscribeDelayMs?: number;
  /**
   * A rebuild reads the log on a replay thread from this many events on (replay-log.ts,
   * THREAD_FROM by default; Infinity: never).
   */
  replayThreadFrom?: number;
  /** Where to say why saved state was discarded; default `console.warn`. */
  onNotice?: (message: string) => void;
}

/**
 * Feeds the projections from a checkpointed subscription. On start it restores the saved
 * state (no replay of the store's log), then subscribes after the saved position. `rebuild`
 * replays from position 0 into a fresh index and swaps it in when complete, so readers never
 * see a half-built index. Readers take `runner.index` at each call.
 */
export class ProjectionRunner {
  private current = new AsOfIndex();
  /** The board counts at the latest point, kept on apply; built from `current` once caught up. */
  private liveCounts: LiveBoardCounts | null = null;
  /** Decodes for `current` (its intern tables hold the strings `current` keeps). */
  private decoder = new TrustedDecoder();
  private readonly feed: LiveFeed;
  private readonly saves: SnapshotSaves | null;
  /** What the current index is anchored to: the first plan event's hash, the last one folded. */
  private firstHash: string | null = null;
  private last: { position: number; hash: string } | null = null;
  /** Caught up once: from then on saves are periodic (a replay saves once, at its end). */
  private live = false;
  private readonly systemListeners = new Set<(event: RecordedEvent) => void>();
  readonly stats: RunnerStats = { fromSnapshot: 0, fromStore: 0, onReplayThread: 0 };

  constructor(private readonly options: RunnerOptions) {
    this.feed = new LiveFeed(
      options.store,
      options.resubscribeDelayMs ?? 1000,
      () => this.current.position,
      (record) => this.handle(record),
    );
    this.saves = options.dataDir
      ? new SnapshotSaves(
          new SnapshotStore(options.dataDir, 'as-of-index'),
          options.saveEvery ?? 50_000,
          (message) => this.notice(message),
          () => ({
            index: this.current,
            counts: this.liveCounts,
            anchor: anchorOf(this.firstHash, this.last),
          }),
          (index) => this.current === index,
        )
      : null;
  }

  /** Says why saved state was discarded (default: stderr, so an operator sees it). */
  private notice(message: string): void {
    (this.options.onNotice ?? ((m: string) => console.warn(m)))(message);
  }

  /** The index readers query (swapped atomically by rebuild). */
  get index(): AsOfIndex {
    return this.current;
  }

  /**
   * The board counts kept on apply for the latest point (null until the first catch-up):
   * queries use them when they cover the point asked, else the index's as-of path.
   */
  get counts(): LiveBoardCounts | null {
    return this.liveCounts;
  }

  /**
   * Loads the saved snapshot, subscribes after it, and resolves once caught up with the head.
   * A snapshot is only a cache of one log: one from another ledger file, from a longer copy of
   * this one (a restored backup), of another format, or torn or edited, is discarded with a
   * notice saying why, and the index is rebuilt from the log.
   */
  async start(options: { deferSettling?: boolean } = {}): Promise<void> {
    if (this.feed.running) return;
    let counts: LiveBoardCounts | null = null;
    if (this.saves && this.current.position < 0) {
      const loaded = await this.saves.store.load(this.options.store);
      if (loaded !== null && 'refused' in loaded) {
        this.notice(
          `Discarding the saved read-model state: ${loaded.refused}. Rebuilding it from the ledger.`,
        );
        await this.saves.reset();
      } else if (loaded !== null) {
        this.current = loaded.index;
        this.decoder = new TrustedDecoder();
        this.firstHash = loaded.anchor.firstHash;
        const { position, hash } = loaded.anchor;
        this.last = hash === null ? null : { position, hash };
        this.saves.savedPosition = loaded.index.position;
        this.stats.fromSnapshot += loaded.index.eventCount;
        counts = loaded.counts;
      }
    }
    // Counts the snapshot saved follow the catch-up event by event; otherwise they are counted
    // in one pass once caught up rather than per event during the bulk catch-up. Kept on apply.
    this.liveCounts = counts;
    await this.feed.start();
    this.live = true;
    this.liveCounts = counts ?? LiveBoardCounts.of(this.current);
    // Restored or caught up in bulk: the folds breaks dropped (and, after a snapshot, the
    // bodies they read) are refilled after ready, in steps, rather than before it; a server
    // asks for it once it listens (`deferSettling`), so the steps do not slow its own start.
    if (options.deferSettling !== true) this.settleInBackground();
    if (this.saves?.behind) this.saves.inBackground();
  }

  /**
   * Refills the index's cached folds (`AsOfIndex.settle`) ≈ 10 ms per turn of the event
   * loop, so a start is ready to serve without folding every stream's past first
   * (at 1M events, seconds of folds and body parsing). A read before its stream is settled
   * refills what it needs itself, as any read after a break does; settling only spares the
   * first past-point reads that cost. Abandoned if a rebuild swaps the index.
   */
  settleInBackground(): void {
    const index = this.current;
    // Stream by stream, yielding after ≈ 10 ms: one stream's rows are spread over the whole
    // log, so a fixed count of streams could parse most body chunks in one turn (seconds at 1M,
    // during which a request waited).
    void settleInTurns(index, () => this.current === index, false).then((done) => {
      // Settled: the build's young generation is garbage now; give it back once quiet.
      if (done) releaseYoungGenerationWhenQuiet();
    });
  }

  /**
   * Resolves once the last `rebuild` is settled (every stream caught up and folded, the
   * counts kept on apply built) and its snapshot saved; at once when there is none under way.
   */
  settled(): Promise<void> {
    return this.settling;
  }

  private settling: Promise<void> = Promise.resolve();

  /**
   * Events of the ledger's own streams (API keys, idempotency records) go to these listeners
   * instead of the read models: the key store follows new and revoked keys through the same
   * subscription. Returns the function that removes the listener.
   */
  onSystemEvent(listener: (event: RecordedEvent) => void): () => void {
    this.systemListeners.add(listener);
    return () => this.systemListeners.delete(listener);
  }

  private async handle(record: RecordedEvent): Promise<void> {
    if (record.position <= this.current.position) return;
    if (isSystemStream(record.streamId)) {
      this.current.passOver(record.position);
      for (const listener of this.systemListeners) listener(record);
      return;
    }
    const event = this.decoder.decode(record);
    this.current.apply(event);
    this.liveCounts?.observe(event, this.current);
    this.stats.fromStore++;
    this.firstHash ??= record.hash;
    this.last = { position: record.position, hash: record.hash };
    this.saves?.applied(this.live);
  }

  /**
   * Saves a snapshot of the index as it stands now, unless the saved one already covers it
   * (see SnapshotSaves); nothing without a data directory.
   */
  async save(): Promise<void> {
    await this.saves?.save();
  }

  /**
   * Stops the feed and saves (unless `save: false`, which leaves the state as a crash would:
   * the next start resumes from the last periodic save). The index stays readable.
   */
  async stop(options: { save?: boolean } = {}): Promise<void> {
    await this.feed.stop();
    if (options.save === false) await this.saves?.written();
    else {
      // A rebuild still settling saves once settled (with the counts kept on apply).
      await this.settling;
      await this.save();
    }
  }

  /** Last applied position vs the store's head. */
  async lag(): Promise<Lag> {
    const head = await this.options.store.headPosition();
    const lastApplied = this.current.position;
    return { lastApplied, head, behind: Math.max(0, head - lastApplied), error: this.feed.error };
  }

  /** The hash of the event at `position` (-1: none), for the anchor a snapshot is saved with. */
  private async hashAt(position: number): Promise<string | null> {
    if (position < 0) return null;
    const event = await this.options.store.readAt(position);
    if (event === null)
      throw new Error(`the event at position ${position} was replayed but is not in the log`);
    return event.hash;
  }

  /**
   * Replays a projection from position 0 (all of them when no name is given), reporting
   * progress per page, then swaps the result in and resumes the live feed: it resolves once
   * the new index answers. The replay defers each stream's folds and count points
   * (`replayLog`); they are caught up after, in steps of ≈ 10 ms that yield to the event loop
   * (a read of a stream not caught up yet catches it up itself, a read of the count points
   * all of them), then the counts kept on apply are built and the snapshot saved: `settled()`.
   */
  async rebuild(name?: string, onProgress?: (progress: RebuildProgress) => void): Promise<void> {
    if (name !== undefined && !Object.hasOwn(PROJECTIONS, name)) throw new NotFoundError('projection', name);
    const wasRunning = this.feed.running;
    // No save of the index being replaced: the replay writes its own snapshot.
    await this.stop({ save: false });
    // The snapshot is written once the replay is settled; a crash before replays again.
    await this.saves?.reset();
    const { index, decoder, firstPosition, lastPosition, onThread } = await replayLog(this.options.store, {
      onProgress: (p) => onProgress?.({ name: 'as-of-index', ...p }),
      ...(this.options.replayThreadFrom === undefined ? {} : { threadFrom: this.options.replayThreadFrom }),
    });
    // The replay reads no hashes (ReplayedEvent): the anchor's two are read once at the end.
    const firstHash = await this.hashAt(firstPosition);
    const lastHash = await this.hashAt(lastPosition);
    this.current = index;
    this.liveCounts = null;
    this.decoder = decoder;
    this.firstHash = firstHash;
    this.last = lastHash === null ? null : { position: lastPosition, hash: lastHash };
    this.stats.onReplayThread = onThread;
    this.settling = this.settleRebuilt(index);
    if (wasRunning) await this.feed.start();
  }

  /** Catches up and settles a rebuilt index in steps, then keeps its counts and saves it. */
  private async settleRebuilt(index: AsOfIndex): Promise<void> {
    const wanted = () => this.current === index;
    if (!(await settleInTurns(index, wanted, true))) return;
    // Live events applied meanwhile are in the index: the counts start from all of it.
    this.liveCounts ??= LiveBoardCounts.of(index);
    await this.save();
    releaseYoungGenerationWhenQuiet();
  }
}
