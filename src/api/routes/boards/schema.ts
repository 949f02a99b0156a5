import { z } from 'zod';
import { BusinessDate, Sha256Hex, ShortText, Ulid } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/**
 * A report presented to a board; `effectiveOn` defaults to the board date. The snapshot shown is
 * the plans at `asOf` (default the board date) as the ledger knows them at the moment of
 * presenting; the server records that moment as the report's `knownAt`.
 */
export const PresentBoardReportBody = commandBody({
  /** e.g. "BTPA Performance Review Group". */
  boardName: ShortText,
  boardDate: BusinessDate,
  planIds: z.array(Ulid).min(1).max(200),
  /** Business date of the snapshot shown; default the board date. */
  asOf: BusinessDate.optional(),
  /** SHA-256 of the canonical snapshot presented, when the caller computed it. */
  snapshotDigest: orNull(Sha256Hex),
});
