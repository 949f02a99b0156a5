import { CorruptEventError } from '../../src/errors.js';
import type { InternedValues } from '../columns-page.js';
import type { ReplayPage } from './replay-page.js';

/** What a replay thread is started with. */
export interface ReplayThreadData {
  /** The SQLite file to read (opened read-only). */
  file: string;
  /** Events per page. */
  pageSize: number;
  /** Pages sent and not yet taken before the thread waits. */
  ahead: number;
}

/**
 * Where a replay thread reads (replay-log.ts): the positions in (`after`, `through`], in ranges
 * of `pageSize` positions, every `turns`-th range from range number `turn` (0-based); what the
 * index numbered before (`tables`, see `tablesOf`): every thread numbers from the same tables.
 */
export interface ReplayStart {
  after: number;
  through: number;
  turn: number;
  turns: number;
  tables: InternedValues[];
}

/** From the main thread: where to read (once), then how many pages it has taken. */
export type ToReplayThread = { start: ReplayStart } | { taken: number };

/** An error the thread met, as fields (an error's own class does not cross threads). */
export type ThreadError =
  | { code: 'CorruptEventError'; eventId: string; eventType: string; reason: string }
  | { code: 'Error'; name: string; message: string };

/** From the thread: ready to start, a page, the end of the log, or the error that ended it. */
export type FromReplayThread =
  | { ready: true }
  | { page: ReplayPage }
  | { done: true }
  | { error: ThreadError };

/** An error as it crosses to the main thread. */
export function threadError(error: unknown): ThreadError {
  if (error instanceof CorruptEventError)
    return {
      code: 'CorruptEventError',
      eventId: error.eventId,
      eventType: error.eventType,
      reason: error.reason,
    };
  if (error instanceof Error) return { code: 'Error', name: error.name, message: error.message };
  return { code: 'Error', name: 'Error', message: String(error) };
}

/** The error the thread met, rebuilt on the main thread: a corrupt row's is the same error. */
export function fromThreadError(error: ThreadError): Error {
  if (error.code === 'CorruptEventError')
    return new CorruptEventError(error.eventId, error.eventType, error.reason);
  const rebuilt = new Error(`the replay thread failed: ${error.message}`);
  rebuilt.name = error.name;
  return rebuilt;
}
