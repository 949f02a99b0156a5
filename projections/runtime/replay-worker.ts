import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteReads } from '../../src/store/sqlite-reads.js';
import { BUSY_TIMEOUT_MS } from '../../src/store/sqlite-schema.js';
import type { FromReplayThread, ReplayStart, ReplayThreadData, ToReplayThread } from './replay-messages.js';
import { threadError } from './replay-messages.js';
import { ReplayPageBuilder, replayPageBuffers } from './replay-page.js';
import { TrustedDecoder } from './trusted-decode.js';

/*
 * A replay thread (replay-thread.ts starts it through replay-boot.cjs): reads the log from its
 * own read-only connection, decodes and checks every event exactly as a replay on the main
 * thread does (SqliteReads.readReplay, TrustedDecoder), and hands each page over as columns
 * (ReplayPage), its buffers transferred, not copied. It keeps at most `ahead` pages in flight.
 * Two threads may share a log, each reading every other range of positions (ReplayStart).
 */
const port = parentPort;
if (port === null) throw new Error('replay-worker.ts runs as a worker thread');
const { file, pageSize, ahead } = workerData as ReplayThreadData;
const send = (message: FromReplayThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let taken = 0;
let sent = 0;
let wake: (() => void) | null = null;
let start: ((message: ReplayStart) => void) | null = null;
port.on('message', (message: ToReplayThread) => {
  if ('start' in message) start?.(message.start);
  else {
    taken = message.taken;
    wake?.();
  }
});

async function run(): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const reads = new SqliteReads(db);
    const builder = new ReplayPageBuilder(new TrustedDecoder(), pageSize);
    const { after, through, turn, turns, tables } = await new Promise<ReplayStart>((resolve) => {
      start = resolve;
      send({ ready: true });
    });
    builder.seed(tables);
    // This thread's ranges of positions; each is one page (perhaps short, or empty at a gap in
    // positions: sent all the same, so the main thread takes the threads' pages in turn).
    for (let from = after + turn * pageSize; from < through; from += turns * pageSize) {
      while (sent - taken >= ahead) await new Promise<void>((resolve) => (wake = resolve));
      const page = builder.build(reads.readReplayRange(from, Math.min(from + pageSize, through)));
      send({ page }, replayPageBuffers(page));
      sent++;
    }
    send({ done: true });
  } finally {
    db.close();
  }
}

run().catch((error: unknown) => send({ error: threadError(error) }));
