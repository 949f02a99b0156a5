import { Worker } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import type { ParsedDocument, ParsedItem } from '../parsed-document.js';
import type { ImportPlan, PlannedStream } from '../record/planned-command.js';
import type { ReadAnswer, ReadRequest, ToImportThread } from './messages.js';

/** Bounds of one import thread: a plan never needs more; a hostile file meets them, not the server. */
export const THREAD_LIMITS = {
  /** Heap of the thread; past it the thread is ended and the file refused. */
  heapMb: 1024,
  /** Longest a read and plan may take (an 8 MiB CSV of 7,000 rows takes ~20 s on a busy 2-core box). */
  timeoutMs: 5 * 60 * 1000,
} as const;

const refusal = (why: string) =>
  new ValidationError(`the file could not be read: ${why}. Split it, or export it as CSV`, [
    { path: 'file', message: why },
  ]);

/**
 * Reads a file and plans its import on a worker thread of its own (`read-worker.ts`), so a
 * server keeps answering (`/health`, other requests) while a large or hostile file is read. The
 * thread has its own heap limit and a deadline: a file that exhausts either is refused
 * (ValidationError) and the thread ended; the server's memory and loop are untouched.
 * `request.bytes` is moved to the thread when it is the whole of its buffer: the caller must not
 * read it afterwards.
 */
export function readAndPlanOffThread(
  request: ReadRequest,
): Promise<{ document: ParsedDocument; plan: ImportPlan }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./boot.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: THREAD_LIMITS.heapMb },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(refusal(`reading it took longer than ${THREAD_LIMITS.timeoutMs / 60_000} minutes`)),
        ),
      THREAD_LIMITS.timeoutMs,
    );
    const streams: PlannedStream[] = [];
    const items = new Map<string, ParsedItem[]>();
    const tell = (message: ToImportThread) => worker.postMessage(message);
    worker.on('message', (answer: ReadAnswer) => {
      switch (answer.kind) {
        case 'streams':
          streams.push(...answer.streams);
          return tell({ kind: 'next' });
        case 'items': {
          const key = `${answer.inspection}/${answer.plan}`;
          const list = items.get(key) ?? [];
          list.push(...answer.items);
          items.set(key, list);
          return tell({ kind: 'next' });
        }
        case 'done': {
          const { document, plan } = answer;
          document.inspections.forEach((inspection, i) => {
            inspection.plans.forEach((p, j) => {
              p.items = items.get(`${i}/${j}`) ?? [];
            });
          });
          settle(() => resolve({ document, plan: { ...plan, streams } }));
          return;
        }
        case 'refused':
          settle(() =>
            reject(
              answer.validation
                ? new ValidationError(answer.validation.message, answer.validation.issues)
                : new Error(answer.message),
            ),
          );
          return;
        default: {
          const never: never = answer;
          return never;
        }
      }
    });
    worker.once('error', (error: Error) =>
      settle(() =>
        reject(
          'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? refusal(`it needs more than the ${THREAD_LIMITS.heapMb} MB of memory a plan can use`)
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the import thread stopped (exit code ${code})`))),
    );
    // The bytes are moved to the thread, not copied (a 6 MB copy held the loop tens of ms),
    // when they are the whole of their buffer; a view into a larger (pooled) one is copied.
    const { buffer, byteOffset, byteLength } = request.bytes;
    const movable = buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength;
    worker.postMessage({ kind: 'read', request } satisfies ToImportThread, movable ? [buffer] : []);
  });
}
