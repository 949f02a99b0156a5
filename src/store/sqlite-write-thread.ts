import { Worker } from 'node:worker_threads';
import type { AppendResult } from './event-store.js';
import {
  type FromWriter,
  fromWire,
  type ToWriter,
  type WriterSettings,
  type WriteThreadOptions,
} from './sqlite-write-messages.js';
import type { AppendCommitter, QueuedAppend } from './sqlite-writer.js';

interface Waiting {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits a store's appends on a thread of its own (docs/architecture.md, Store, "Commits off
 * the event loop"): the thread owns the writing connection (WAL, synchronous=FULL), so while
 * one batch's fsync runs there, this thread keeps answering requests and the appends they make
 * queue up for the next batch. An append's promise resolves only when the thread reports the
 * commit covering it returned, i.e. after its fsync; a conflict fails only its own append.
 * The store's reads stay on its own connection, which sees every commit reported here.
 */
export class SqliteWriteThread implements AppendCommitter {
  readonly stats = { commits: 0, appends: 0 };
  /** The write connection's settings, once the thread has opened it. */
  readonly ready: Promise<WriterSettings>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private readonly exited: Promise<void>;
  private idle: (() => void)[] = [];
  private nextId = 0;
  private stopped: Error | null = null;
  /** Appends submitted this turn, sent together: one message (and one wake-up of the thread) per turn. */
  private outbox: { id: number; append: QueuedAppend }[] = [];

  constructor(options: WriteThreadOptions) {
    this.worker = new Worker(new URL('./sqlite-write-boot.mjs', import.meta.url), { workerData: options });
    // An idle write thread does not keep the process alive; one with appends in flight does.
    this.worker.unref();
    let settled = false;
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: FromWriter) => {
        if (message.kind === 'ready') {
          settled = true;
          resolve(message.settings);
        } else this.answer(message);
      });
      this.worker.once('error', (error) => {
        if (!settled) reject(error);
        this.stop(error);
      });
    });
    // Nobody may ask for the settings; a failed start still fails every append (stop above).
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.stop(new Error(`the SQLite write thread stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  submit(append: QueuedAppend): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(id, { resolve, reject });
      this.outbox.push({ id, append });
      // setImmediate runs right after this turn's I/O callbacks: requests read together go together.
      if (this.outbox.length === 1) setImmediate(() => this.sendOutbox());
    });
  }

  private sendOutbox(): void {
    const appends = this.outbox;
    this.outbox = [];
    if (appends.length > 0 && !this.stopped) this.send({ kind: 'append', appends });
  }

  drain(): Promise<void> {
    if (this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Applies the size limit to the writing connection, after the appends already sent. */
  setMaxPageCount(pages: number): void {
    if (!this.stopped) this.send({ kind: 'maxPageCount', pages });
  }

  /** Waits for every append in flight, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    await this.drain();
    if (!this.stopped) {
      // Held until it has closed its connection, or the process could end before that.
      this.worker.ref();
      this.send({ kind: 'close' });
    }
    await this.exited;
  }

  private send(message: ToWriter): void {
    this.worker.postMessage(message);
  }

  private answer(message: Extract<FromWriter, { kind: 'committed' }>): void {
    Object.assign(this.stats, message.stats);
    for (const outcome of message.outcomes) {
      const waiting = this.waiting.get(outcome.id);
      if (!waiting) continue;
      this.waiting.delete(outcome.id);
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(fromWire(outcome.error));
    }
    if (this.waiting.size === 0) this.becameIdle();
  }

  /** The thread failed or ended: every append in flight fails (none was acknowledged), and so does every later one. */
  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.waiting.values()) waiting.reject(this.stopped);
    this.waiting.clear();
    this.becameIdle();
  }

  private becameIdle(): void {
    this.worker.unref();
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }
}
