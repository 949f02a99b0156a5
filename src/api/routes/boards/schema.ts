import { z } from 'zod';
import { BusinessDate, Sha256Hex, ShortText, Ulid } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** A report presented to a board; `effectiveOn` defaults to the board date. */
export const PresentBoardReportBody = commandBody({
  /** e.g. "BTPA Performance Review Group". */
  boardName: ShortText,
  boardDate: BusinessDate,
  planIds: z.array(Ulid).min(1).max(200),
  /** SHA-256 of the canonical snapshot presented, when the caller computed it. */
  snapshotDigest: orNull(Sha256Hex),
});
