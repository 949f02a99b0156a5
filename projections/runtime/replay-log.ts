import { isSystemStream } from '../../src/domain/system-streams.js';
import type { EventStore } from '../../src/store/event-store.js';
import { readReplayPages } from '../../src/store/read-log.js';
import { AsOfIndex } from '../as-of-index.js';
import { TrustedDecoder } from './trusted-decode.js';

/** Progress of a replay: the last position applied, the head it catches up with, events read. */
export interface ReplayProgress {
  position: number;
  head: number;
  applied: number;
}

/** A fresh index replayed from the log, with the decoder whose intern tables its strings are. */
export interface Replayed {
  index: AsOfIndex;
  decoder: TrustedDecoder;
  /** Positions of the first and last events applied (-1: none), for the snapshot's anchor. */
  firstPosition: number;
  lastPosition: number;
}

const PAGE = 5_000;

/**
 * Replays the whole log into a fresh index, reading it through `readReplayPages` (no hashes per
 * event). This is the first pass only (AsOfIndex.deferFolds): each event is decoded, checked
 * and kept in its stream kind's columns and its stream's rows, but no stream is folded or
 * counted yet. The index answers every query as it is (a stream is caught up on its first
 * read, the count points on theirs); `settle` then catches up the rest (docs/architecture.md,
 * "Runner and persistence").
 */
export async function replayLog(
  store: EventStore,
  onProgress?: (progress: ReplayProgress) => void,
): Promise<Replayed> {
  const index = new AsOfIndex();
  const decoder = new TrustedDecoder();
  let firstPosition = -1;
  let lastPosition = -1;
  let head = await store.headPosition();
  let applied = 0;
  index.deferFolds = true;
  for await (const page of readReplayPages(store, { pageSize: PAGE })) {
    for (const record of page) {
      if (isSystemStream(record.streamId)) index.passOver(record.position);
      else {
        index.apply(decoder.decode(record));
        if (firstPosition < 0) firstPosition = record.position;
        lastPosition = record.position;
      }
    }
    applied += page.length;
    head = Math.max(head, index.position);
    onProgress?.({ position: index.position, head, applied });
  }
  index.deferFolds = false;
  // An empty log still reports once, so a progress bar can finish.
  if (applied === 0) onProgress?.({ position: index.position, head, applied });
  return { index, decoder, firstPosition, lastPosition };
}
