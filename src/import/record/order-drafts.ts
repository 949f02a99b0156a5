import type { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { DateBasis } from '../../domain/provenance.js';
import type { IsoDate } from '../parsed-document.js';
import {
  type DraftCommand,
  PAPER_REASON,
  type PlannedCommand,
  type RowProvenance,
} from './planned-command.js';
import type { Presentation } from './presented-paper.js';

/** When the paper says a report reached the force, and how exactly it says so. */
export interface Receipt {
  readonly on: IsoDate;
  /** False when the paper states only the month (`on` is then its last day). */
  readonly stated: boolean;
  readonly from: DateBasis;
}

/** The dates a document's undated facts fall on, worked out by `planImport`. */
export interface DocumentDates {
  /** When the paper says this stream's report was received or published; null when it does not. */
  readonly receipt: Receipt | null;
  /** The earliest date the document holds (or the import day). */
  readonly start: IsoDate;
  /** How `start` was found. */
  readonly startFrom: DateBasis;
  /** The paper as presented: its board date dates the changes it reports on held items. */
  readonly presentation: Presentation | null;
  /** The file's name, for the reason of a change the paper reports. */
  readonly fileName: string;
}

/** How a paper's board date was found, as the basis of a change dated on it (never stated for the change). */
const PAPER_BASIS: Record<Presentation['boardDateFrom'], DateBasis> = {
  paper: 'paper-date',
  option: 'paper-date',
  'latest-date': 'latest-update',
};

/** "As reported in <file> presented on <date>" in place of `PAPER_REASON`. */
function withPaperReason(command: LedgerCommandInput, reason: string): LedgerCommandInput {
  if (command.type === 'ChangeDueDate' && command.data.reason === PAPER_REASON)
    return { ...command, data: { ...command.data, reason } };
  if (command.type === 'Reopen' && command.data.reason === PAPER_REASON)
    return { ...command, data: { ...command.data, reason: `reopened: ${reason}`.slice(0, 500) } };
  return command;
}

/**
 * One stream's drafts as planned commands, in append order: by business date, then rank, then
 * as planned — except the changes tried only against an item the ledger already held
 * (`whenHeld: 'only'`), which go last, so every other command keeps its place (and event id)
 * whatever they are.
 */
export function orderDrafts(drafts: readonly DraftCommand[], dates: DocumentDates): PlannedCommand[] {
  const paperDate = dates.presentation?.boardDate ?? dates.start;
  const paperBasis = dates.presentation ? PAPER_BASIS[dates.presentation.boardDateFrom] : dates.startFrom;
  const reason = `as reported in ${dates.fileName} presented on ${paperDate}`.slice(0, 500);
  return drafts
    .map((d, seq) => ({
      d,
      seq,
      // Dated on the paper's date only once held: after everything, so nothing else moves.
      last: d.whenHeld === 'only' && d.effectiveOn === null ? 1 : 0,
      on: d.effectiveOn ?? (d.atReceipt && dates.receipt ? dates.receipt.on : dates.start),
    }))
    .sort(
      (a, b) =>
        a.last - b.last || (a.on < b.on ? -1 : a.on > b.on ? 1 : a.d.rank - b.d.rank || a.seq - b.seq),
    )
    .map(({ d, on }) => {
      const provenance: RowProvenance = {
        sheet: d.sheet ?? null,
        line: d.line !== null && d.line > 0 ? d.line : null,
        column: d.column ?? null,
        dateStated:
          d.effectiveOn === null
            ? Boolean(d.atReceipt && dates.receipt?.stated && !d.imputed)
            : (d.dated?.stated ?? false),
        dateFrom:
          d.effectiveOn === null
            ? d.atReceipt && dates.receipt
              ? dates.receipt.from
              : dates.startFrom
            : (d.dated?.from ?? 'stated'),
      };
      const command = withPaperReason(d.command, reason);
      return {
        command,
        effectiveOn: on,
        line: d.line,
        provenance,
        ...(d.whenHeld === undefined
          ? {}
          : {
              whenHeld: {
                kind: d.whenHeld,
                // A fact the row dates keeps its date; an undated change falls on the paper's.
                ...(d.effectiveOn === null
                  ? {
                      effectiveOn: paperDate,
                      provenance: { ...provenance, dateStated: false, dateFrom: paperBasis },
                    }
                  : { effectiveOn: on, provenance }),
              },
            }),
      };
    });
}
