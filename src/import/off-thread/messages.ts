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
 * What it answers, in pieces: a 5,000-row plan is ~20 MB of objects and taking it in as one
 * message would hold the receiving event loop for most of a second, so planned streams and
 * items come a few hundred at a time (each piece one short turn of the loop), then `done` with
 * the document and plan they belong to (sent without them).
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
export const PIECE = 200;
