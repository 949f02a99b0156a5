import Database from 'better-sqlite3';
import {
  ConcurrencyError,
  CorruptEventError,
  DuplicateEventError,
  type ExpectedRevision,
  type FieldIssue,
  ValidationError,
} from '../errors.js';
import type { AppendResult } from './event-store.js';
import type { QueuedAppend } from './sqlite-writer.js';

/**
 * The messages between a SQLite store and its write thread (sqlite-write-thread.ts,
 * sqlite-write-worker.ts). Both ends are this code base, on one process, so the shapes are
 * typed, not parsed; errors cross as data because structured clone keeps only a plain Error.
 */

/** What the write thread opens: the store's file and its size limit. */
export interface WriteThreadOptions {
  path: string;
  maxPageCount?: number;
}

/** The durability settings of the write thread's own connection (what an fsync depends on). */
export interface WriterSettings {
  journalMode: string;
  synchronous: number;
  busyTimeoutMs: number;
}

export type ToWriter =
  /** The appends submitted during one turn of the sending thread's loop. */
  | { kind: 'append'; appends: { id: number; append: QueuedAppend }[] }
  | { kind: 'maxPageCount'; pages: number }
  | { kind: 'close' };

export type WireOutcome =
  | { id: number; ok: true; value: AppendResult }
  | { id: number; ok: false; error: WireError };

export type FromWriter =
  | { kind: 'ready'; settings: WriterSettings }
  /** One batch's outcomes, sent after its commit returned; `stats` are the thread's totals. */
  | { kind: 'committed'; outcomes: WireOutcome[]; stats: { commits: number; appends: number } };

/** An error as data: the catalogue errors an append can end with, SQLite's own, anything else. */
export type WireError =
  | { kind: 'concurrency'; streamId: string; expected: ExpectedRevision; actual: number }
  | { kind: 'duplicate'; eventId: string; streamId: string }
  | { kind: 'validation'; message: string; issues: FieldIssue[] }
  | { kind: 'corrupt'; eventId: string; eventType: string; reason: string }
  | { kind: 'sqlite'; code: string; message: string }
  | { kind: 'other'; name: string; message: string; stack: string | undefined };

export function toWire(error: unknown): WireError {
  if (error instanceof ConcurrencyError)
    return { kind: 'concurrency', streamId: error.streamId, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventError)
    return { kind: 'duplicate', eventId: error.eventId, streamId: error.streamId };
  if (error instanceof ValidationError)
    return { kind: 'validation', message: error.message, issues: error.issues };
  if (error instanceof CorruptEventError)
    return { kind: 'corrupt', eventId: error.eventId, eventType: error.eventType, reason: error.reason };
  if (error instanceof Database.SqliteError)
    return { kind: 'sqlite', code: error.code, message: error.message };
  if (error instanceof Error)
    return { kind: 'other', name: error.name, message: error.message, stack: error.stack };
  return { kind: 'other', name: 'Error', message: String(error), stack: undefined };
}

/** The same error again, of the same class, on the receiving thread. */
export function fromWire(wire: WireError): Error {
  switch (wire.kind) {
    case 'concurrency':
      return new ConcurrencyError(wire.streamId, wire.expected, wire.actual);
    case 'duplicate':
      return new DuplicateEventError(wire.eventId, wire.streamId);
    case 'validation':
      return new ValidationError(wire.message, wire.issues);
    case 'corrupt':
      return new CorruptEventError(wire.eventId, wire.eventType, wire.reason);
    case 'sqlite':
      return new Database.SqliteError(wire.message, wire.code);
    case 'other': {
      const error = new Error(wire.message);
      error.name = wire.name;
      if (wire.stack !== undefined) error.stack = wire.stack;
      return error;
    }
    default: {
      const never: never = wire;
      return never;
    }
  }
}
