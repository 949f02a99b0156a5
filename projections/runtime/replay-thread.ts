import { Worker } from 'node:worker_threads';
import {
  type FromReplayThread,
  fromThreadError,
  type ReplayStart,
  type ReplayThreadData,
  type ToReplayThread,
} from './replay-messages.js';
import type { ReplayPage } from './replay-page.js';

/**
 * A thread that reads and decodes the log while this one folds it (docs/architecture.md,
 * "Runner and persistence", "Rebuild off the event loop"): started at once, it boots (a
 * second or so under tsx) while the caller replays the first pages itself; `start(after)` then
 * hands it the rest of the log. Pages arrive as messages (`take`, `arrival`): the thread keeps
 * a few pages ahead and waits for this side to take them. An error it meets (a corrupt row's
 * CorruptEventError, rebuilt here as the same error) or an unexpected exit ends the replay.
 */
export class ReplayThread {
  private readonly worker: Worker;
  private readonly queue: ReplayPage[] = [];
  private isReady = false;
  private finished = false;
  private failure: Error | null = null;
  private taken = 0;
  private wake: (() => void) | null = null;

  constructor(data: ReplayThreadData) {
    // Without the process's preloads: a worker inherits its `--import tsx` (or tsx's CLI
    // preloads) otherwise, which registers tsx's ESM loader in the thread, ≈ 0.25–0.3 s of its
    // boot for nothing: replay-boot.cjs registers the CommonJS hook it needs itself. V8 flags
    // (--max-semi-space-size) are the process's and still apply (a worker refuses them here).
    this.worker = new Worker(new URL('./replay-boot.cjs', import.meta.url), {
      workerData: data,
      execArgv: profilingArgs(process.execArgv),
    });
    this.worker.on('message', (message: FromReplayThread) => {
      if ('ready' in message) this.isReady = true;
      else if ('page' in message) this.queue.push(message.page);
      else if ('done' in message) this.finished = true;
      else this.fail(fromThreadError(message.error));
      this.signal();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.finished)
        this.fail(new Error(`the replay thread stopped before the end of the log (exit code ${code})`));
      this.signal();
    });
  }

  /** Booted, its connection open: `start` may be called. */
  get ready(): boolean {
    return this.isReady;
  }

  /**
   * Starts reading its ranges of positions (see ReplayStart), numbering values in pages after
   * what the index numbered itself (`tables`, see `tablesOf`).
   */
  start(start: ReplayStart): void {
    this.send({ start });
  }

  /**
   * The next page, or 'done' at the end of the log, or null when none has arrived yet (see
   * `arrival`). Throws the error that ended the thread.
   */
  take(): ReplayPage | 'done' | null {
    const page = this.queue.shift();
    if (page !== undefined) {
      this.send({ taken: ++this.taken });
      return page;
    }
    if (this.failure !== null) throw this.failure;
    return this.finished ? 'done' : null;
  }

  /** Resolves when something arrives from the thread (a page, the end, an error). */
  arrival(): Promise<void> {
    if (this.queue.length > 0 || this.finished || this.failure !== null) {
      if (this.failure !== null && !this.isReady) return Promise.reject(this.failure);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Ends the thread (at once: a replay that finished without it, or failed). */
  async close(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }

  private send(message: ToReplayThread): void {
    this.worker.postMessage(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

/** Profiling options that take a value as the next argument when not written `--name=value`. */
const PROFILING_WITH_VALUE = new Set([
  '--cpu-prof-dir',
  '--cpu-prof-name',
  '--cpu-prof-interval',
  '--heap-prof-dir',
  '--heap-prof-name',
  '--heap-prof-interval',
]);

/**
 * The replay thread's options: only the process's CPU and heap profiling ones (`--cpu-prof…`,
 * `--heap-prof…`), so a profiled run (`npm run bench -- --profile`) still profiles the thread;
 * no preloads, and no V8 flags, which a worker refuses.
 */
export function profilingArgs(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (!arg.startsWith('--cpu-prof') && !arg.startsWith('--heap-prof')) continue;
    kept.push(arg);
    const value = execArgv[i + 1];
    if (PROFILING_WITH_VALUE.has(arg) && value !== undefined) {
      kept.push(value);
      i++;
    }
  }
  return kept;
}
