import type { EventStore } from './event-store.js';
import type { EventImporter } from './migrate-importer.js';
import { readLogPages } from './read-log.js';

export type { EventImporter, ImportOutcome } from './migrate-importer.js';
export { createReplayImporter } from './migrate-importer.js';

/** Reported after every page. */
export interface MigrateProgress {
  /** Events read from the source so far. */
  read: number;
  /** Of those, written to the target now. */
  imported: number;
  /** Of those, already in the target identically (a re-run, or a resumed run). */
  alreadyPresent: number;
  /** The source's head when the migration started (-1: empty). */
  sourceHead: number;
  /** Position of the last event read. */
  position: number;
}

export interface MigrateOptions {
  onProgress?: (progress: MigrateProgress) => void;
  /** Events read from the source per page. Default 500. */
  pageSize?: number;
}

/**
 * Copies a whole ledger from one store to another (`ledger migrate`, docs/operations.md):
 * every event with its envelope, in the source's global order, so the ledger digest (a Merkle
 * root over event hashes in global order, docs/architecture.md, Integrity) is the same on both sides. Each stream's
 * hash chain is verified on arrival by the importer. Idempotent and resumable: re-running
 * copies nothing that is already there, and an interrupted run continues where it stopped.
 * Events appended to the source while it runs are copied too, up to the last page read.
 * @returns the final progress.
 */
export async function migrate(
  from: EventStore,
  to: EventImporter,
  options: MigrateOptions = {},
): Promise<MigrateProgress> {
  const pageSize = options.pageSize ?? 500;
  const progress: MigrateProgress = {
    read: 0,
    imported: 0,
    alreadyPresent: 0,
    sourceHead: await from.headPosition(),
    position: -1,
  };
  for await (const page of readLogPages(from, { pageSize })) {
    // Consecutive events of one stream go over together; the order across streams is kept.
    let start = 0;
    while (start < page.length) {
      const streamId = page[start]?.streamId ?? '';
      let end = start + 1;
      while (end < page.length && page[end]?.streamId === streamId) end++;
      const outcome = await to.importRecorded(streamId, page.slice(start, end));
      progress.imported += outcome.imported;
      progress.alreadyPresent += outcome.alreadyPresent;
      start = end;
    }
    progress.read += page.length;
    progress.position = page.at(-1)?.position ?? progress.position;
    options.onProgress?.({ ...progress });
  }
  return progress;
}
