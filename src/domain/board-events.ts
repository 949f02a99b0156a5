import { z } from 'zod';
import { BusinessDate, Sha256Hex, ShortText, Ulid } from './fields.js';

/**
 * A report was presented to a board on a board date. The digest freezes what the board saw:
 * recomputing the snapshot at (boardDate, recordedAt) must give the same digest.
 */
export const BoardReportPresented = z.strictObject({
  type: z.literal('BoardReportPresented'),
  data: z.strictObject({
    boardId: Ulid,
    /** e.g. "BTPA Performance Review Group". */
    boardName: ShortText,
    boardDate: BusinessDate,
    planIds: z.array(Ulid).min(1, 'must include at least one plan').max(200),
    /** SHA-256 of the canonical snapshot of those plans presented; null when not computed (imports). */
    snapshotDigest: Sha256Hex.nullable(),
  }),
});
export type BoardReportPresented = z.infer<typeof BoardReportPresented>;
