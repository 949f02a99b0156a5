import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventStore } from '../../src/store/event-store.js';
import { checkAnchor, type LogAnchor } from '../../src/store/log-anchor.js';
import type { AsOfIndex } from '../as-of-index.js';
import { type IndexImage, restoreIndex } from '../index-image.js';
import { LiveBoardCounts, type LiveCountsImage } from '../live-board-counts.js';
import { CHECKSUM_MISMATCH, checksumOffThread } from './snapshot-checksum.js';
import { readSnapshotHeader, SNAPSHOT_FORMAT } from './snapshot-header.js';
import { decodeSnapshot } from './snapshot-reader.js';
import { writeSnapshot } from './snapshot-writer.js';

export type Loaded =
  | { index: AsOfIndex; anchor: LogAnchor; counts: LiveBoardCounts | null }
  | { refused: string }
  | null;

/** Files of the journal the index was saved as before snapshots: `<name>.v<n>.json|ndjson`. */
const JOURNAL_FILE = /^[a-z0-9-]+\.v\d+\.(json|ndjson)(\.tmp)?$/;
/** A snapshot a crashed writer left under its temporary name. */
const TORN_FILE = /^[a-z0-9-]+\.snapshot\.\d+\.tmp$/;

/**
 * Keeps the as-of index as one snapshot file, `<name>.snapshot` in the checkpoint folder
 * (docs/architecture.md, "Runner and persistence"): written to a temporary name and renamed
 * into place, so a reader sees the previous snapshot or the new one, never half of one; loaded
 * only once it is known to be a prefix of this store's log and whole.
 */
export class SnapshotStore {
  constructor(
    private readonly dir: string,
    private readonly name: string,
  ) {}

  get path(): string {
    return join(this.dir, `${this.name}.snapshot`);
  }

  /**
   * The saved index, `{refused}` saying why the file cannot be used (another or an older
   * store, another format, a torn or edited file), or null when nothing was saved. The anchor
   * is checked against the store before the body is decoded, so a foreign file costs little.
   */
  async load(store: EventStore): Promise<Loaded> {
    const journal = await this.files(JOURNAL_FILE);
    const read = await readSnapshotHeader(this.path);
    if (read === null)
      return journal.length > 0
        ? { refused: 'it was saved in an older format (a journal of events to re-apply, not a snapshot)' }
        : null;
    if (!read.ok) return { refused: read.why };
    const { header, file } = read;
    const refuse = (why: string): Loaded => {
      file.close();
      return { refused: why };
    };
    if (header.format !== SNAPSHOT_FORMAT)
      return refuse(
        `it is a snapshot of format ${header.format}, and this version reads format ${SNAPSHOT_FORMAT}`,
      );
    if (header.name !== this.name) return refuse(`it is a snapshot of ${header.name}, not of ${this.name}`);
    const check = await checkAnchor(store, header.anchor);
    if (!check.ok) return refuse(check.why);
    // The checksum is computed on a worker thread, reading the same open file, while the body is
    // decoded and restored; the result is used only once it matches (and a file that also fails
    // to decode is named for its checksum, the likelier cause). The file stays open after: the
    // restored index reads its bodies from it when they are first needed.
    const checksum = checksumOffThread(file, header.bodyBytes);
    let restored: AsOfIndex | Error;
    let counts: LiveCountsImage | null = null;
    try {
      const image = decodeSnapshot(header, file, { checked: false });
      counts = image.liveCounts;
      restored = restoreIndex(image);
    } catch (error) {
      restored = error instanceof Error ? error : new Error(String(error));
    }
    let crc: number | null = null;
    try {
      crc = await checksum;
    } catch (error) {
      restored = error instanceof Error ? error : new Error(String(error));
    }
    if (crc !== null && crc !== header.crc32) restored = new Error(CHECKSUM_MISMATCH);
    if (restored instanceof Error) return refuse(`${this.path} cannot be read: ${restored.message}`);
    return {
      index: restored,
      anchor: header.anchor,
      counts: counts === null ? null : LiveBoardCounts.fromImage(counts),
    };
  }

  /** Writes the image (serialized in the background) and renames it into place. */
  async write(image: IndexImage, anchor: LogAnchor): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      await writeSnapshot(tmp, image, { name: this.name, anchor });
      await rename(tmp, this.path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** Forgets everything saved: the snapshot, a torn temporary one, an older journal. */
  async reset(): Promise<void> {
    await rm(this.path, { force: true });
    for (const name of await this.files(JOURNAL_FILE)) await rm(join(this.dir, name), { force: true });
    for (const name of await this.files(TORN_FILE)) await rm(join(this.dir, name), { force: true });
  }

  private async files(pattern: RegExp): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => pattern.test(name));
    } catch {
      return [];
    }
  }
}
