import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { gatherExport } from '../../../exports/export-data.js';
import { renderExport } from '../../../exports/render-export.js';
import { ExportParams, ExportPathParams } from './schema.js';

const DESCRIPTION = `A file at business date \`asOf\` (default today) as known at \`knownAt\` (default now):
\`plan\` (needs \`planId\`), \`snapshot\` (every plan), \`board-summary\` or \`board-pack\`, as \`csv\`, \`xlsx\` or \`json\`;
the board pack also as printable \`html\` and \`pdf\` (501 when the server has no Chromium). Every file states its
time point, the board report it reproduces (if any) and the ledger digest it was built from; so do the
\`X-Ledger-As-Of\`, \`X-Ledger-Known-At\`, \`X-Ledger-Report\` and \`X-Ledger-Digest\` headers.`;

/** Downloads: the read models at any time point as CSV, Excel, JSON, HTML or PDF files. */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/exports/:kind',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['queries'],
        summary: 'Export a plan, every plan, the board summary or the board pack as a file',
        description: DESCRIPTION,
        params: ExportPathParams,
        querystring: ExportParams,
      },
    },
    async (request, reply) => {
      const { store, projections, clock } = app.ledger;
      const data = await gatherExport(
        { source: projections, store, now: clock },
        request.params.kind,
        request.query,
      );
      const file = await renderExport(data, request.query.format);
      const { meta } = data;
      reply
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-ledger-as-of', meta.asOf)
        .header('x-ledger-known-at', meta.knownAt)
        .header('x-ledger-digest', `${meta.ledgerDigest.treeSize}:${meta.ledgerDigest.rootHash}`)
        .header('cache-control', 'no-store');
      if (meta.report) {
        reply.header(
          'x-ledger-report',
          `${meta.report.boardId}/${meta.report.revision} ${meta.report.boardDate}`,
        );
      }
      // The HTML pack carries its own inline style and no script: allow exactly that.
      if (request.query.format === 'html') {
        reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
      }
      return reply.type(file.contentType).send(file.body);
    },
  );
};
