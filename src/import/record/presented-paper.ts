import { z } from 'zod';
import type { Ulid } from '../../domain/fields.js';
import { dateInWords } from '../../lib/date-words.js';
import type { IsoDate, LineNote, ParsedDocument } from '../parsed-document.js';
import { boardIdFor } from './import-ids.js';
import type { DraftCommand } from './planned-command.js';

/** The board imported papers go to when neither the paper nor the importer names one. */
export const UNNAMED_BOARD = 'Board not named in the paper';

/** Where the board date came from, said in the report so nobody mistakes a guess for a fact. */
export const BoardDateFrom = z.enum(['paper', 'option', 'latest-date']);
export type BoardDateFrom = z.infer<typeof BoardDateFrom>;

/**
 * How an imported document is a presented report: to which board, on which date, showing the
 * plans as at which business date. Its record time (`knownAt`) and digest are fixed when it is
 * appended, after the document's own facts (see run-import.ts).
 */
export const Presentation = z.strictObject({
  boardId: z.string(),
  boardName: z.string(),
  /** `paper`: REPORT TO in the paper; `option`: --board; `default`: neither named one. */
  boardFrom: z.enum(['paper', 'option', 'default']),
  boardDate: z.string(),
  /** `paper`: the date the paper states; `option`: --board-date; `latest-date`: the latest date it holds. */
  boardDateFrom: BoardDateFrom,
  /** The business date of the snapshot shown: the board date, or a later date the paper's rows hold. */
  asOf: z.string(),
  /** Filled in once recorded (null on a dry run or when nothing was presented). */
  knownAt: z.string().nullable(),
  snapshotDigest: z.string().nullable(),
});
export type Presentation = z.infer<typeof Presentation>;

export interface PresentOptions {
  /** The board, when the paper does not name one (`--board`). */
  board?: string | undefined;
  /** The board date, when the paper does not state one (`--board-date`). */
  boardDate?: IsoDate | undefined;
}

const cut = (text: string, max = 500) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Every imported paper is a presented report: the board and date it states (else the options,
 * else the latest date it holds), presenting every plan of the document, showing them as at the
 * latest date the document holds (a paper refreshed after its own date shows those rows too).
 */
export function planPresentation(
  document: ParsedDocument,
  planIds: readonly Ulid[],
  dates: { latest: IsoDate | undefined; start: IsoDate },
  options: PresentOptions,
): { draft: DraftCommand; presentation: Presentation; notes: LineNote[] } | null {
  if (planIds.length === 0) return null;
  const paper = document.paper ?? null;
  const notes: LineNote[] = [];
  const named = paper?.board ?? options.board ?? null;
  const boardName = cut(named ?? UNNAMED_BOARD);
  const boardFrom = paper?.board ? 'paper' : options.board ? 'option' : 'default';
  if (boardFrom === 'default') {
    notes.push({
      line: 1,
      reason: `the paper does not say which board it went to: it was recorded as presented to "${UNNAMED_BOARD}". Name the board with --board when you import it`,
    });
  }
  const boardDateFrom: BoardDateFrom = paper?.date ? 'paper' : options.boardDate ? 'option' : 'latest-date';
  const boardDate = paper?.date ?? options.boardDate ?? dates.latest ?? dates.start;
  if (boardDateFrom === 'latest-date') {
    notes.push({
      line: 1,
      reason: `the paper does not say when it was presented: it was recorded as presented on ${dateInWords(boardDate)}, the latest date it holds. If that is wrong, import it again with --board-date`,
    });
  }
  const asOf = dates.latest !== undefined && dates.latest > boardDate ? dates.latest : boardDate;
  const boardId = boardIdFor(boardName);
  const presentation: Presentation = {
    boardId,
    boardName,
    boardFrom,
    boardDate,
    boardDateFrom,
    asOf,
    knownAt: null,
    snapshotDigest: null,
  };
  const draft: DraftCommand = {
    command: {
      type: 'PresentBoardReport',
      data: {
        boardId,
        boardName,
        boardDate,
        planIds: [...new Set(planIds)].slice(0, 200),
        asOf,
        // Fixed when appended: the record time of the document's own facts, and their digest.
        knownAt: null,
        snapshotDigest: null,
      },
    },
    effectiveOn: boardDate,
    line: null,
    rank: 0,
    // The paper's own date is stated; a date given on import or taken from its rows is not.
    dated:
      boardDateFrom === 'paper'
        ? { from: 'paper-date', stated: true }
        : { from: boardDateFrom === 'option' ? 'stated' : 'latest-update', stated: false },
  };
  return { draft, presentation, notes };
}
