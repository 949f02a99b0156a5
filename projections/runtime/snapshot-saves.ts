import type { LogAnchor } from '../../src/store/log-anchor.js';
import type { AsOfIndex } from '../as-of-index.js';
import { captureIndex } from '../index-image.js';
import type { LiveBoardCounts } from '../live-board-counts.js';
import type { SnapshotStore } from './snapshot-store.js';

/** What a save takes from the runner when it starts: its index as it stands, and more. */
export interface SaveSource {
  index: AsOfIndex;
  counts: LiveBoardCounts | null;
  anchor: LogAnchor;
}

/**
 * When and how the runner writes its snapshot (docs/architecture.md, "Runner and
 * persistence"): one write at a time, taken synchronously and cheaply (`captureIndex`), then
 * serialized and written in the background; every `saveEvery` live events once caught up,
 * and whenever the runner asks (the end of a catch-up or a rebuild, `stop`).
 */
export class SnapshotSaves {
  /** Position the snapshot on disk covers (-1: none). */
  savedPosition = -1;
  /** Events applied since the last save began. */
  private sinceSave = 0;
  private writing: Promise<void> | null = null;

  constructor(
    readonly store: SnapshotStore,
    private readonly saveEvery: number,
    private readonly notice: (message: string) => void,
    /** The runner's state now; `current(index)` says whether `index` is still the one it serves. */
    private readonly source: () => SaveSource,
    private readonly current: (index: AsOfIndex) => boolean,
  ) {}

  /** Counts one event applied; once `live`, every `saveEvery` of them start a background save. */
  applied(live: boolean): void {
    if (++this.sinceSave >= this.saveEvery && live) this.inBackground();
  }

  /** Whether events were applied since the last save began. */
  get behind(): boolean {
    return this.sinceSave > 0;
  }

  /** Removes the snapshot (a rebuild writes its own once settled). */
  async reset(): Promise<void> {
    await this.store.reset();
    this.savedPosition = -1;
  }

  /** Starts a save without waiting for it; one at a time (the next trigger covers the rest). */
  inBackground(): void {
    if (this.writing) return;
    void this.save().catch((error: unknown) =>
      this.notice(
        `Could not save the read-model snapshot: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }

  /** Waits for the write under way, if any, whatever its outcome. */
  async written(): Promise<void> {
    await this.writing?.catch(() => undefined);
  }

  /**
   * Saves a snapshot of the index as it stands now, unless the saved one already covers it.
   * Taking the snapshot is synchronous and cheap; serializing and writing it yields to the
   * event loop throughout, so reads and the live feed go on meanwhile.
   */
  async save(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    const { index, counts, anchor } = this.source();
    if (index.position === this.savedPosition) return;
    const image = captureIndex(index, counts);
    this.sinceSave = 0;
    const write = this.store.write(image, anchor).then(() => {
      // A rebuild may have swapped the index meanwhile: only then is this one stale.
      if (this.current(index)) this.savedPosition = image.position;
    });
    this.writing = write.finally(() => {
      this.writing = null;
    });
    await this.writing;
  }
}
