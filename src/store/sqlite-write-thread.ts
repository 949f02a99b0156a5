import { Worker } from 'node:worker_threads';
import { WriterUnavailableError } from '../errors.js';
import type { AppendResult, WriterHealth } from './event-store.js';
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
  /** The write connection's settings, once the first thread has opened it. */
  readonly ready: Promise<WriterSettings>;
  private worker!: Worker;
  /** Appends sent to the current thread, by id; appends still in the outbox are not here. */
  private readonly waiting = new Map<number, Waiting>();
  private exited!: Promise<void>;
  private idle: (() => void)[] = [];
  private nextId = 0;
  private stopped: Error | null = null;
  private closing = false;
  /** When each restart happened (ms since epoch), newest last. */
  private readonly restarts: number[] = [];
  /** Appends submitted this turn, sent together: one message (and one wake-up of the thread) per turn. */
  private outbox: { id: number; append: QueuedAppend; waiting: Waiting }[] = [];

  constructor(
    private readonly options: WriteThreadOptions,
    private readonly restartLimit = { times: 3, withinMs: 60_000 },
  ) {
    this.ready = this.start();
    // Nobody may ask for the settings; a failed start still fails every append (stop below).
    this.ready.catch(() => undefined);
  }

  /** Whether appends can be recorded, and how often the thread has been restarted. */
  get health(): WriterHealth {
    return {
      writing: this.stopped === null,
      restarts: this.restarts.length,
      ...(this.restarts.length > 0
        ? { lastRestartAt: new Date(this.restarts.at(-1) ?? 0).toISOString() }
        : {}),
    };
  }

  /**
   * Ends the current thread at once, as a crash would (what it held is unconfirmed, and it is
   * replaced as after any unexpected stop). For fault tests; not part of the store port.
   */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private start(): Promise<WriterSettings> {
    const worker = new Worker(new URL('./sqlite-write-boot.mjs', import.meta.url), {
      workerData: this.options,
    });
    this.worker = worker;
    // An idle write thread does not keep the process alive; one with appends in flight does.
    worker.unref();
    if (this.waiting.size > 0 || this.outbox.length > 0) worker.ref();
    let settled = false;
    const ready = new Promise<WriterSettings>((resolve, reject) => {
      worker.on('message', (message: FromWriter) => {
        if (message.kind === 'ready') {
          settled = true;
          resolve(message.settings);
        } else this.answer(message);
      });
      worker.once('error', (error) => {
        if (!settled) reject(error);
        this.lost(worker, error, settled);
      });
    });
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.lost(worker, new Error(`the SQLite write thread stopped (exit code ${code})`), settled);
        resolve();
      }),
    );
    return ready;
  }

  /**
   * The thread ended (an error or an exit; both arrive for one death, handled once). Appends it
   * held have no known outcome: each fails as unconfirmed, never as written or as not written.
   * Unless the store is closing, a thread that had started is replaced (at most
   * `restartLimit.times` within `restartLimit.withinMs`), so later appends are recorded again;
   * past that, or if it never started, every later append fails at once.
   */
  private lost(worker: Worker, error: Error, hadStarted: boolean): void {
    if (worker !== this.worker || this.stopped) return;
    if (this.closing || !hadStarted) {
      this.stop(error);
      return;
    }
    for (const waiting of this.waiting.values()) waiting.reject(new WriterUnavailableError(true));
    this.waiting.clear();
    const now = Date.now();
    const recent = this.restarts.filter((at) => now - at < this.restartLimit.withinMs);
    if (recent.length >= this.restartLimit.times) {
      this.stop(error);
      return;
    }
    this.restarts.push(now);
    this.start().catch(() => undefined);
    // Appends that had not been sent yet go to the new thread.
    if (this.outbox.length > 0) setImmediate(() => this.sendOutbox());
    if (this.waiting.size === 0 && this.outbox.length === 0) this.becameIdle();
  }

  submit(append: QueuedAppend): Promise<AppendResult> {
    if (this.stopped) return Promise.reject(new WriterUnavailableError(false));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0 && this.outbox.length === 0) this.worker.ref();
      this.outbox.push({ id, append, waiting: { resolve, reject } });
      // setImmediate runs right after this turn's I/O callbacks: requests read together go together.
      if (this.outbox.length === 1) setImmediate(() => this.sendOutbox());
    });
  }

  private sendOutbox(): void {
    const appends = this.outbox;
    if (appends.length === 0 || this.stopped) return;
    this.outbox = [];
    for (const { id, waiting } of appends) this.waiting.set(id, waiting);
    this.send({ kind: 'append', appends: appends.map(({ id, append }) => ({ id, append })) });
  }

  drain(): Promise<void> {
    if (this.waiting.size === 0 && this.outbox.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Applies the size limit to the writing connection, after the appends already sent. */
  setMaxPageCount(pages: number): void {
    if (!this.stopped) this.send({ kind: 'maxPageCount', pages });
  }

  /** Waits for every append in flight, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    await this.drain();
    this.closing = true;
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
    if (this.waiting.size === 0 && this.outbox.length === 0) this.becameIdle();
  }

  /** The thread failed or ended for good: every append in flight fails (none was acknowledged), and so does every later one. */
  private stop(error: Error): void {
    this.stopped ??= error;
    const failure = this.closing ? error : new WriterUnavailableError(false);
    for (const waiting of this.waiting.values()) waiting.reject(failure);
    for (const { waiting } of this.outbox) waiting.reject(failure);
    this.waiting.clear();
    this.outbox = [];
    this.becameIdle();
  }

  private becameIdle(): void {
    this.worker.unref();
    const idle = this.idle;
    this.idle = [];
    for (const resolve of idle) resolve();
  }
}
