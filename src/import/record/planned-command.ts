import type { LedgerCommandInput } from '../../domain/ledger-commands.js';
import type { DateBasis, Provenance, SourceColumn } from '../../domain/provenance.js';
import type { StreamKind } from '../../domain/streams.js';
import type { IsoDate, LineNote } from '../parsed-document.js';
import type { Presentation } from './presented-paper.js';

/**
 * The order of facts of one business date inside an item's stream: the item exists before it is
 * owned, shared (then listed by each sharer) or moved; it is answered before it is updated; reopened
 * before it is re-rated; rated before it is closed.
 */
export const RANK = {
  create: 0,
  owners: 1,
  joint: 2,
  /** A sharing plan's own owners and due date, once it shares the item. */
  listing: 3,
  transfer: 4,
  response: 5,
  update: 6,
  reopen: 7,
  rag: 8,
  close: 9,
} as const;

/** Stands for "as reported in <file> presented on <date>" until `planImport` knows both. */
export const PAPER_REASON = 'as reported in this paper';

/** A command the importer will decide, before the document's start date is known. */
export interface DraftCommand {
  readonly command: LedgerCommandInput;
  /** Null: the document's start date (the earliest date it holds), filled in by `planImport`. */
  readonly effectiveOn: IsoDate | null;
  /** The input line it comes from; null for facts of the whole document (inspection, board). */
  readonly line: number | null;
  readonly rank: number;
  /** The table column the fact was read from; null or absent for the whole row or document. */
  readonly column?: SourceColumn | null;
  /** The XLSX sheet of the row. */
  readonly sheet?: string | null;
  /**
   * A fact of the report's arrival (inspection registered, plan opened, item received, owners):
   * undated, it falls on the date the paper says the report was received or published, if it says.
   */
  readonly atReceipt?: boolean;
  /**
   * With `atReceipt`: the source does not date this fact at all (an undated Initial Response is
   * dated at the item's receipt), so the date is imputed even when the paper states the receipt.
   */
  readonly imputed?: boolean;
  /** Where `effectiveOn` came from, and whether the source states it; null with a null `effectiveOn`. */
  readonly dated?: Dated | null;
  /** What the fact is when the ledger already held the item before this import: see `WhenHeld`. */
  readonly whenHeld?: WhenHeld['kind'];
}

/**
 * A fact that reads differently once the ledger holds the item from an earlier paper (next
 * month's export): what the row states about owners or the due date is then a change the paper
 * reports, dated on the paper's date, not a fact of the item's receipt.
 * - `redate`: on a new item it is part of its receipt; on a held item it is dated on the paper's date;
 * - `only`: tried only on a held item (a due date differing from the ledger's), on the paper's date.
 */
export interface WhenHeld {
  readonly kind: 'redate' | 'only';
  readonly effectiveOn: IsoDate;
  readonly provenance: RowProvenance;
}

/** How a draft's date was found. */
export interface Dated {
  readonly from: DateBasis;
  readonly stated: boolean;
}

/** A fact's provenance without the file's, which the whole plan shares. */
export type RowProvenance = Omit<Provenance, 'digest' | 'fileName'>;

/** A command with its business date, in its stream's order. */
export interface PlannedCommand {
  readonly command: LedgerCommandInput;
  readonly effectiveOn: IsoDate;
  readonly line: number | null;
  /** Where it was read and how its date was found (the envelope's `provenance`, with `ImportPlan.file`). */
  readonly provenance: RowProvenance;
  /** How it reads when the ledger held the stream before this import (see `WhenHeld`). */
  readonly whenHeld?: WhenHeld;
}

/**
 * The command as it applies to a stream that did (`held`) or did not hold events before this
 * import; null when it does not apply at all (a change against the ledger, on a new item).
 */
export function asApplies(planned: PlannedCommand, held: boolean): PlannedCommand | null {
  const alt = planned.whenHeld;
  if (alt === undefined) return planned;
  if (!held) return alt.kind === 'only' ? null : planned;
  return { ...planned, effectiveOn: alt.effectiveOn, provenance: alt.provenance };
}

/** Every command for one stream; the runner appends their events in ONE append. */
export interface PlannedStream {
  readonly streamId: string;
  readonly kind: StreamKind;
  /** What the stream is, for people: "item AFI.1", "the Territorial Policing plan", never its id. */
  readonly label: string;
  readonly commands: readonly PlannedCommand[];
  /** An item printed without a ref: the key it had before (`line-N`), see line-keyed-items.ts. */
  readonly lineKey?: string;
}

/** A document turned into streams of commands, before anything is decided or written. */
export interface ImportPlan {
  readonly source: string;
  /** The file every event's provenance names: its name (no directory) and the SHA-256 of its bytes. */
  readonly file: { readonly name: string; readonly digest: string };
  /** See `sourceIdentity`: the content hash that seeds every event id. */
  readonly sourceId: string;
  /** The earliest date in the document: when its inspection, plans and items are recorded as received. */
  readonly startDate: IsoDate;
  /** The board report the document is (every paper with a plan is one). */
  readonly presentation: Presentation | null;
  /** In append order: inspections, plans, items, boards (so an interrupted run leaves no orphan). */
  readonly streams: readonly PlannedStream[];
  /** Rows read (items) across all plans. */
  readonly rowsRead: number;
  /** Choices the write side made about rows: fallback dates, split items, facts not applied. */
  readonly notes: readonly LineNote[];
}

/** Where a field of a row sits, for its provenance: the column of `role` and the row's sheet. */
export function cellOf(
  item: { columns?: Record<string, SourceColumn> | undefined; sheet?: string | undefined },
  role: string,
): { column: SourceColumn | null; sheet: string | null } {
  return { column: item.columns?.[role] ?? null, sheet: item.sheet ?? null };
}
