import { PresentBoardReportInput } from '../../../domain/board-commands.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

const report = PresentBoardReportInput.shape.data.shape;
/**
 * A report presented to a board: the domain command's data (src/domain/board-events.ts) less
 * what the server fills in. `effectiveOn` defaults to the board date. The snapshot shown is the
 * plans at `asOf` (default the board date) as the ledger knows them at the moment of presenting;
 * the server records that moment as the report's `knownAt`, and computes the digest when the
 * caller did not.
 */
export const PresentBoardReportBody = commandBody({
  boardName: report.boardName,
  boardDate: report.boardDate,
  planIds: report.planIds,
  asOf: report.asOf.optional(),
  snapshotDigest: orNull(report.snapshotDigest.unwrap()),
});
