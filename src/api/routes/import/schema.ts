import { z } from 'zod';
import { BusinessDate } from '../../../domain/fields.js';
import { ImportReport } from '../../../import/record/import-report.js';

/** Largest document the API takes (base64 of an XLSX is a third larger than the file). */
export const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * POST /import body: one document, as text (seed text export, CSV, TSV) or as base64 (XLSX).
 * JSON only, like every other body: the API refuses text/plain and multipart.
 */
export const ImportBody = z
  .strictObject({
    /** The file's name: it is the report's `source` and its extension picks the format. */
    fileName: z.string().trim().min(1).max(300),
    /** Force a format instead of guessing from the name and content. */
    format: z.enum(['seed-text', 'csv', 'tsv', 'xlsx']).optional(),
    /** The document's text (seed text export, CSV, TSV). */
    content: z.string().max(IMPORT_BODY_LIMIT).optional(),
    /** The document's bytes, base64 (XLSX). */
    contentBase64: z.base64().max(IMPORT_BODY_LIMIT).optional(),
    /** Inspection title for table files without an Inspection column. */
    inspection: z.string().trim().min(1).max(500).optional(),
    /** The board the paper went to, when it does not say (REPORT TO:). */
    board: z.string().trim().min(1).max(500).optional(),
    /** The date it was presented, when it does not say; else the latest date it holds. */
    boardDate: BusinessDate.optional(),
    /** Decide everything, append nothing. */
    dryRun: z.boolean().default(false),
    /**
     * Refuse the document (422, nothing appended) where it states a fact differently from what
     * the ledger holds for the same date, one failure per difference; by default each difference
     * is recorded as a correction of the held entry. The CLI's `--no-corrections`.
     */
    noCorrections: z.boolean().default(false),
  })
  .refine((b) => (b.content === undefined) !== (b.contentBase64 === undefined), {
    message: 'send exactly one of content (text) and contentBase64 (xlsx)',
    path: ['content'],
  });
export type ImportBody = z.infer<typeof ImportBody>;

export { ImportReport };
