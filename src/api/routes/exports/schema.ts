import { z } from 'zod';
import { ExportKind } from '../../../exports/export-data.js';

/** The export's query is the read side's time point plus the format (src/exports/export-data.ts). */
export { ExportParams } from '../../../exports/export-data.js';

export const ExportPathParams = z.strictObject({
  /** plan (needs planId), snapshot (every plan), board-summary, board-pack. */
  kind: ExportKind,
});
