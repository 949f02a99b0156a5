import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SqliteReads } from '../../src/store/sqlite-reads.js';
import { BUSY_TIMEOUT_MS } from '../../src/store/sqlite-schema.js';
import type { InternedValues } from '../columns-page.js';
import type { FromReplayThread, ReplayThreadData, ToReplayThread } from './replay-messages.js';
import { threadError } from './replay-messages.js';
import { ReplayPageBuilder, replayPageBuffers } from './replay-page.js';
import { TrustedDecoder } from './trusted-decode.js';

/*
 * A replay thread (replay-thread.ts starts it through replay-boot.cjs): reads the log from its
 * own read-only connection, decodes and checks every event exactly as a replay on the main
 * thread does (SqliteReads.readReplay, TrustedDecoder), and hands each page over as columns
 * (ReplayPage), its buffers transferred, not copied. It keeps at most `ahead` pages in flight.
 */
const port = parentPort;
if (port === null) throw new Error('replay-worker.ts runs as a worker thread');
const { file, pageSize, ahead } = workerData as ReplayThreadData;
const send = (message: FromReplayThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let taken = 0;
let sent = 0;
let wake: (() => void) | null = null;
let start: ((message: { start: number; tables: InternedValues[] }) => void) | null = null;
port.on('message', (message: ToReplayThread) => {
  if ('start' in message) start?.(message);
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
    const begin = await new Promise<{ start: number; tables: InternedValues[] }>((resolve) => {
      start = resolve;
      send({ ready: true });
    });
    builder.seed(begin.tables);
    let after = begin.start;
    for (;;) {
      while (sent - taken >= ahead) await new Promise<void>((resolve) => (wake = resolve));
      const records = reads.readReplay({ after, limit: pageSize });
      const last = records.at(-1);
      if (last !== undefined) {
        const page = builder.build(records);
        send({ page }, replayPageBuffers(page));
        sent++;
        after = last.position;
      }
      if (records.length < pageSize) break;
    }
    send({ done: true });
  } finally {
    db.close();
  }
}

run().catch((error: unknown) => send({ error: threadError(error) }));
