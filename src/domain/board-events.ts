import { z } from 'zod';
import { BusinessDate, Instant, Sha256Hex, ShortText, Ulid } from './fields.js';

/**
 * A report was presented to a board on a board date. A presented report is its own fact: it
 * records the exact point in time of the snapshot the board was shown (`asOf`, `knownAt`), so
 * "what did the board see on D" is that snapshot, and not whatever was recorded by the end of
 * D. The digest freezes it: recomputing the snapshot at (asOf, knownAt) must give the same
 * digest. Version 2 added `asOf` and `knownAt` (see upcasters.ts).
 */
export const BoardReportPresented = z.strictObject({
  type: z.literal('BoardReportPresented'),
  data: z.strictObject({
    boardId: Ulid,
    /** e.g. "BTPA Performance Review Group". */
    boardName: ShortText,
    boardDate: BusinessDate,
    planIds: z.array(Ulid).min(1, 'must include at least one plan').max(200),
    /**
     * Business date of the snapshot shown: usually the board date; for an imported paper the
     * latest date the paper holds (a paper refreshed after its date shows those rows too).
     */
    asOf: BusinessDate,
    /**
     * Record time of the snapshot shown: only facts recorded by then were in it. Null means
     * "the moment this report was recorded" (reports recorded before version 2).
     */
    knownAt: Instant.nullable(),
    /** SHA-256 of the canonical snapshot of those plans at (asOf, knownAt); null when not computed. */
    snapshotDigest: Sha256Hex.nullable(),
    /**
     * The ledger's Merkle digest when the report was presented (every event committed by then):
     * an auditor proves today's ledger extends it (`GET /ledger/consistency?from=treeSize`).
     * Absent on imported papers and on reports recorded before it existed.
     */
    ledgerDigest: z
      .strictObject({ treeSize: z.number().int().nonnegative(), rootHash: Sha256Hex })
      .optional(),
  }),
});
export type BoardReportPresented = z.infer<typeof BoardReportPresented>;
