import type { ParsedDocument, ParsedItem } from '../parsed-document.js';
import type { DocumentFormat } from '../read/read-document.js';
import type { ImportPlan, PlannedStream } from '../record/planned-command.js';

/** What the import thread is asked to do: read one file and plan its import. */
export interface ReadRequest {
  bytes: Uint8Array;
  fileName: string;
  format?: DocumentFormat;
  inspection?: string;
  today: string;
  board?: string;
  boardDate?: string;
}

/**
 * What the server's thread says to the import thread: read (once), then `next` each time it has
 * taken in a piece of the answer.
 */
export type ToImportThread = { kind: 'read'; request: ReadRequest } | { kind: 'next' };

/**
 * What it answers, in pieces: a 5,000-row plan is ~20 MB of objects and taking it in as one
 * message would hold the receiving event loop for most of a second, so planned streams and
 * items come a hundred at a time, then `done` with the document and plan they belong to (sent
 * without them). One piece is sent per `next`: pieces already waiting in a port are all taken
 * in by one callback of the receiving loop (Node drains the queue), which held the server
 * ~4 s on a loaded machine when the thread sent them all at once.
 */
export type ReadAnswer =
  | { kind: 'streams'; streams: PlannedStream[] }
  | { kind: 'items'; inspection: number; plan: number; items: ParsedItem[] }
  | { kind: 'done'; document: ParsedDocument; plan: ImportPlan }
  | {
      kind: 'refused';
      /** A ValidationError's message and issues; anything else is an internal failure. */
      validation: { message: string; issues: Array<{ path: string; message: string }> } | null;
      message: string;
    };

/** Streams or items per piece. */
export const PIECE = 100;
