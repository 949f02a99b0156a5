import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import type { ParsedDocument } from '../parsed-document.js';
import { readDocumentBytesTraced } from '../read/read-document.js';
import { planImport } from '../record/import-plan.js';
import type { ImportPlan } from '../record/planned-command.js';
import { PIECE, type ReadAnswer, type ReadRequest, type ToImportThread } from './messages.js';

/**
 * The import thread: reads one file and plans its import (both pure, both CPU-heavy: 10,000
 * rows take tens of seconds), so the server's event loop stays free to answer. One request,
 * one answer (in pieces), then the thread ends.
 */
async function read(request: ReadRequest): Promise<{ document: ParsedDocument; plan: ImportPlan }> {
  const { document } = await readDocumentBytesTraced(request.bytes, request.fileName, {
    source: request.fileName,
    ...(request.format === undefined ? {} : { format: request.format }),
    ...(request.inspection === undefined ? {} : { inspection: request.inspection }),
  });
  const plan = planImport(document, {
    today: request.today,
    board: request.board,
    boardDate: request.boardDate,
  });
  return { document, plan };
}

function send(answer: ReadAnswer): void {
  parentPort?.postMessage(answer);
}

/** The answer in pieces, in the order they are sent (see `ReadAnswer`). */
function piecesOf({ document, plan }: { document: ParsedDocument; plan: ImportPlan }): ReadAnswer[] {
  const pieces: ReadAnswer[] = [];
  for (let at = 0; at < plan.streams.length; at += PIECE)
    pieces.push({ kind: 'streams', streams: plan.streams.slice(at, at + PIECE) });
  document.inspections.forEach((inspection, i) => {
    inspection.plans.forEach((p, j) => {
      for (let at = 0; at < p.items.length; at += PIECE)
        pieces.push({ kind: 'items', inspection: i, plan: j, items: p.items.slice(at, at + PIECE) });
    });
  });
  const bare = {
    ...document,
    inspections: document.inspections.map((i) => ({
      ...i,
      plans: i.plans.map((p) => ({ ...p, items: [] })),
    })),
  };
  pieces.push({ kind: 'done', document: bare, plan: { ...plan, streams: [] } });
  return pieces;
}

// One piece per `next`: the server's loop takes each in as a short turn of its own.
let pieces: ReadAnswer[] = [];
let sent = 0;
const sendNext = () => {
  const piece = pieces[sent++];
  if (piece) send(piece);
};

parentPort?.on('message', (message: ToImportThread) => {
  if (message.kind === 'next') return sendNext();
  read(message.request).then(
    (answer) => {
      pieces = piecesOf(answer);
      sendNext();
    },
    (error: unknown) =>
      send({
        kind: 'refused',
        validation:
          error instanceof ValidationError ? { message: error.message, issues: error.issues } : null,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
