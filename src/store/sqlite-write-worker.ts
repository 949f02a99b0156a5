/**
 * The write thread of a SQLite store (sqlite-write-thread.ts starts it): owns the connection
 * that writes, so each commit's fsync blocks this thread and not the server's event loop.
 * Appends that arrive while a commit is running wait in the message queue and are written
 * together in the next batch (one transaction, one fsync, a savepoint each: sqlite-writer.ts).
 * Outcomes are posted only after the commit returned.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { configureConnection } from './sqlite-schema.js';
import { type FromWriter, type ToWriter, toWire, type WireOutcome } from './sqlite-write-messages.js';
import { type QueuedAppend, SqliteWriter } from './sqlite-writer.js';

const Options = z.strictObject({
  path: z.string().min(1),
  maxPageCount: z.number().int().positive().optional(),
});
const port = parentPort;
if (port === null) throw new Error('sqlite-write-worker runs only as a worker thread');
const options = Options.parse(workerData);

const db = new Database(options.path);
configureConnection(db);
const setMaxPageCount = (pages: number) => db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages))}`);
if (options.maxPageCount !== undefined) setMaxPageCount(options.maxPageCount);
const writer = new SqliteWriter(db);
const stats = { commits: 0, appends: 0 };
let queue: { id: number; append: QueuedAppend }[] = [];
let scheduled = false;

const post = (message: FromWriter) => port.postMessage(message);

function flush(): void {
  scheduled = false;
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  let outcomes: WireOutcome[];
  try {
    outcomes = writer.commit(batch.map((q) => q.append)).map((outcome, i) => {
      const id = batch[i]?.id ?? -1;
      return outcome.ok
        ? { id, ok: true, value: outcome.value }
        : { id, ok: false, error: toWire(outcome.error) };
    });
    stats.commits++;
    stats.appends += batch.length;
  } catch (error) {
    // The transaction failed as a whole (a full disk, a lock held past busy_timeout): nothing
    // of it was kept, and every append of the batch fails with the same error.
    const wire = toWire(error);
    outcomes = batch.map((q) => ({ id: q.id, ok: false, error: wire }));
  }
  post({ kind: 'committed', outcomes, stats: { ...stats } });
}

port.on('message', (message: ToWriter) => {
  switch (message.kind) {
    case 'append':
      queue.push(...message.appends);
      // setImmediate runs after the messages already waiting: those join this batch.
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return;
    case 'maxPageCount':
      // Appends sent before the new limit are committed under the old one.
      flush();
      setMaxPageCount(message.pages);
      return;
    case 'close':
      flush();
      db.close();
      port.close();
      return;
    default: {
      const never: never = message;
      return never;
    }
  }
});

post({
  kind: 'ready',
  settings: {
    journalMode: z.string().parse(db.pragma('journal_mode', { simple: true })),
    synchronous: z
      .number()
      .int()
      .parse(db.pragma('synchronous', { simple: true })),
    busyTimeoutMs: z
      .number()
      .int()
      .parse(db.pragma('busy_timeout', { simple: true })),
  },
});
