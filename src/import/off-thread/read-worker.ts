import { parentPort } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import type { ParsedDocument } from '../parsed-document.js';
import { readDocumentBytesTraced } from '../read/read-document.js';
import { planImport } from '../record/import-plan.js';
import type { ImportPlan } from '../record/planned-command.js';
import { PIECE, type ReadAnswer, type ReadRequest } from './messages.js';

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

function sendInPieces({ document, plan }: { document: ParsedDocument; plan: ImportPlan }): void {
  for (let at = 0; at < plan.streams.length; at += PIECE)
    send({ kind: 'streams', streams: plan.streams.slice(at, at + PIECE) });
  document.inspections.forEach((inspection, i) => {
    inspection.plans.forEach((p, j) => {
      for (let at = 0; at < p.items.length; at += PIECE)
        send({ kind: 'items', inspection: i, plan: j, items: p.items.slice(at, at + PIECE) });
    });
  });
  const bare = {
    ...document,
    inspections: document.inspections.map((i) => ({
      ...i,
      plans: i.plans.map((p) => ({ ...p, items: [] })),
    })),
  };
  send({ kind: 'done', document: bare, plan: { ...plan, streams: [] } });
}

parentPort?.once('message', (request: ReadRequest) => {
  read(request).then(sendInPieces, (error: unknown) =>
    send({
      kind: 'refused',
      validation: error instanceof ValidationError ? { message: error.message, issues: error.issues } : null,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
});
