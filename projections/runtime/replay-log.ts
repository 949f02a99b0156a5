import { availableParallelism } from 'node:os';
import { isSystemStream } from '../../src/domain/system-streams.js';
import { nextTurn } from '../../src/lib/breather.js';
import type { EventStore, ReplayedEvent } from '../../src/store/event-store.js';
import { readReplayPages } from '../../src/store/read-log.js';
import { AsOfIndex } from '../as-of-index.js';
import { ReplayPageFeed, tablesOf } from './replay-page.js';
import { ReplayThread } from './replay-thread.js';
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
  /** Log entries the replay thread read (0: none was used). */
  onThread: number;
}

/** How `replayLog` reads the log. */
export interface ReplayOptions {
  onProgress?: (progress: ReplayProgress) => void;
  /**
   * Read and decode on a replay thread (replay-thread.ts) when the store offers a file and the
   * log holds at least this many events; default THREAD_FROM. Infinity: never.
   */
  threadFrom?: number;
  /**
   * With a replay thread: 'when-ready' (default) replays pages here until it has booted; a
   * number replays exactly that many pages here first, then waits for it (tests).
   */
  handOver?: 'when-ready' | number;
  /** Events per page (default 5,000). */
  pageSize?: number;
  /** Replay threads reading the log in turns (default REPLAY_THREADS). */
  threads?: number;
  /**
   * Events per page this thread replays itself while a replay thread boots ('when-ready'; default
   * 1,000, at most `pageSize`): it sees the thread ready only between its pages.
   */
  herePageSize?: number;
}

const PAGE = 5_000;
/**
 * Pages of this size while the replay thread boots: the thread idles from its "ready" until
 * this thread ends its page and hands over, ≈ 120 ms on average with 5,000-event pages
 * (measured 23–240 ms at load 3–4); the thread's reading is the rebuild's bound from then on.
 */
const HERE_PAGE = 1_000;
/** Below this many events a replay thread's boot (≈ 0.3–0.45 s under tsx) costs more than it saves. */
export const THREAD_FROM = 50_000;
/** Pages a replay thread may keep ready ahead of this thread. */
const AHEAD = 4;
/**
 * Replay threads by default: two, each reading every other page of positions, where the
 * machine has two cores or more. Why two: with one, that thread was a rebuild's bound (busy
 * throughout) while this thread waited for its pages a fifth of the time and the process used
 * ≈ 1.75 of 2 cores (1M rebuild, 3 Dec 2026); a second one shares the reading (see
 * docs/architecture.md, "Rebuild off the event loop").
 */
export const REPLAY_THREADS = Math.min(2, availableParallelism());
/**
 * The last part of the log (a share of it) in which this thread, waiting for pages, catches up
 * every waiting stream, not only those that gathered RIPE rows (stream-route.ts): visiting one
 * for a row or two costs more than a visit later, but until the read ends the thread would
 * only wait; after it, each stream left waiting is caught up before the rebuild is settled.
 */
const NEAR_END = 1 / 8;
/** How long one turn of catching up, while this thread waits for pages, may take. */
const CATCH_UP_TURN_MS = 2;

/**
 * Replays the whole log into a fresh index. This is the first pass only (AsOfIndex.deferFolds):
 * each event is decoded, checked and kept in its stream kind's columns and its stream's rows;
 * streams are placed, folded and counted when read, when this thread would otherwise wait for
 * the replay thread, or by the settling after (docs/architecture.md, "Runner and persistence").
 *
 * With a replay thread (a SQLite file and a log of THREAD_FROM events or more), that thread
 * reads, decodes and checks the log while this one fills the index from its pages: this thread
 * replays the first pages itself until the other has booted, then takes the rest from it.
 * Otherwise every page is read here through `readReplayPages` (no hashes per event).
 */
export async function replayLog(store: EventStore, options: ReplayOptions = {}): Promise<Replayed> {
  const { onProgress, handOver = 'when-ready', pageSize = PAGE } = options;
  const index = new AsOfIndex();
  const decoder = new TrustedDecoder();
  let firstPosition = -1;
  let lastPosition = -1;
  let head = await store.headPosition();
  let applied = 0;
  let onThread = 0;
  const file = store.replayFile?.() ?? null;
  const threads: ReplayThread[] =
    file !== null && head + 1 >= (options.threadFrom ?? THREAD_FROM)
      ? Array.from(
          { length: Math.max(1, options.threads ?? REPLAY_THREADS) },
          () => new ReplayThread({ file, pageSize, ahead: AHEAD }),
        )
      : [];
  const report = () => {
    head = Math.max(head, index.position);
    onProgress?.({ position: index.position, head, applied });
  };
  /** One page read here: decoded, checked and applied on this thread. */
  const applyHere = (page: readonly ReplayedEvent[]) => {
    for (const record of page) {
      if (isSystemStream(record.streamId)) index.passOver(record.position);
      else {
        index.apply(decoder.decode(record));
        if (firstPosition < 0) firstPosition = record.position;
        lastPosition = record.position;
      }
    }
    applied += page.length;
    report();
  };
  index.deferFolds = true;
  try {
    let after = -1;
    let pagesHere = 0;
    // Here until the replay threads have booted (or to the end without them).
    const handHere = () =>
      threads.length === 0 ||
      (handOver === 'when-ready' ? !threads.every((thread) => thread.ready) : pagesHere < handOver);
    // false: the replay threads read every page (handOver 0) or take over after a break below.
    let end = handHere();
    const hereSize =
      threads.length > 0 && handOver === 'when-ready'
        ? Math.min(pageSize, options.herePageSize ?? HERE_PAGE)
        : pageSize;
    if (end)
      for await (const page of readReplayPages(store, { pageSize: hereSize })) {
        pagesHere++;
        applyHere(page);
        after = page.at(-1)?.position ?? after;
        if (page.length < hereSize) break;
        // Lets the threads' "ready" in.
        if (threads.length > 0) await nextTurn();
        if (!handHere()) {
          end = false;
          break;
        }
      }
    if (!end && threads.length > 0) {
      for (const thread of threads) while (!thread.ready) await thread.arrival();
      // The threads read to the head as it is now, in turns of a page of positions each; what
      // is appended meanwhile is read here after them.
      const through = await store.headPosition();
      const feed = new ReplayPageFeed(index, decoder, threads.length);
      const tables = tablesOf(index);
      const turns = threads.length;
      for (const [turn, thread] of threads.entries()) thread.start({ after, through, turn, turns, tables });
      for (let turn = 0; ; ) {
        const thread = threads[turn % turns] as ReplayThread;
        const page = thread.take();
        if (page === 'done') break;
        if (page === null) {
          // Nothing to take yet: catch streams up meanwhile, a turn at a time.
          // Streams that gathered a few rows; near the end of the log any waiting stream too,
          // so that little is left to catch up once the read ends.
          const nearEnd = head - index.position <= head * NEAR_END;
          if (index.ripening || (nearEnd && index.catchingUp)) {
            const until = performance.now() + CATCH_UP_TURN_MS;
            index.catchUpWhile(() => performance.now() < until, nearEnd);
            await nextTurn();
          } else await thread.arrival();
          continue;
        }
        feed.feed(page, turn % turns);
        turn++;
        if (page.firstPosition >= 0 && firstPosition < 0) firstPosition = page.firstPosition;
        if (page.lastPosition >= 0) lastPosition = page.lastPosition;
        applied += page.kinds.length;
        onThread += page.kinds.length;
        report();
      }
      for await (const page of readReplayPages(store, { after: Math.max(after, through), pageSize }))
        applyHere(page);
    }
  } finally {
    index.deferFolds = false;
    await Promise.all(threads.map((thread) => thread.close()));
  }
  // An empty log still reports once, so a progress bar can finish.
  if (applied === 0) onProgress?.({ position: index.position, head, applied });
  return { index, decoder, firstPosition, lastPosition, onThread };
}
