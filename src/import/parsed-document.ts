import { z } from 'zod';
import { ItemKind } from '../domain/fields.js';

/** A calendar date `YYYY-MM-DD` (business date, no time zone). */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export type IsoDate = z.infer<typeof IsoDate>;

/** What an inspectorate finding is: the domain's kind, so a parsed item is received as it was read. */
export { ItemKind };

/** The plan's "Complete Yes/No" column. */
export const Completion = z.enum(['yes', 'no', 'n/a']);
export type Completion = z.infer<typeof Completion>;

/** RAG status as reported; `complete` is the `COMPLETE` some plans use once done. */
export const Rag = z.enum(['red', 'amber', 'green', 'complete', 'n/a']);
export type Rag = z.infer<typeof Rag>;

/** One progress update; a cell holding several dated updates yields several of these. */
export const ParsedUpdate = z.strictObject({
  /** The date written at the head of the update, else the row's Date of Update, else null. */
  effectiveOn: IsoDate.nullable(),
  /** The update as written, including its date prefix and attribution ("from Supt Operations"). */
  text: z.string(),
  /**
   * (extension, optional) True when `effectiveOn` is the entry's own written date; false when it
   * was taken from the row's Date of Update (or is null). Absent in documents read before it existed.
   */
  dateStated: z.boolean().optional(),
});
export type ParsedUpdate = z.infer<typeof ParsedUpdate>;

/** A move of an item between portfolios, read from the item's own wording. (extension, optional) */
export const ParsedTransfer = z.strictObject({
  /** When the move took effect: the date in the wording, else the row's Date of Update. */
  effectiveOn: IsoDate.nullable(),
  /** Portfolio the item left; null when the wording does not say. */
  fromPortfolio: z.string().nullable(),
  /** Portfolio the item went to; null when the wording does not say. */
  toPortfolio: z.string().nullable(),
  /** Input line that carries the wording. */
  line: z.number().int(),
  /** The sentence the transfer was read from. */
  text: z.string(),
});
export type ParsedTransfer = z.infer<typeof ParsedTransfer>;

/** (extension) A column of the table a row was read from: where a secretary finds a cell. */
export const ParsedColumn = z.strictObject({
  /** 1-based position in the title row (XLSX column A is 1). */
  number: z.number().int().positive(),
  /** The title as printed; null when the column's title is blank. */
  title: z.string().nullable(),
});
export type ParsedColumn = z.infer<typeof ParsedColumn>;

/** One row of a plan: a recommendation, area for improvement or sub-recommendation. */
export const ParsedItem = z.strictObject({
  /** 1-based input line (CSV/TSV: physical line of the row's start; XLSX: running row number). */
  line: z.number().int(),
  /** The reference as printed (`AFI.1`, `R.2`, `pg 45 paragraph 3.8`, `1.1.1`); `no-ref-<hash of kind and wording>` when the row had none (see `lineKey`). */
  ref: z.string(),
  /** The recommendation an AFI hangs under, e.g. `R.1` for `AFI.1 (R.1)`. */
  parentRef: z.string().nullable(),
  kind: ItemKind,
  /** The inspectorate's wording, HTML flattened to text. */
  text: z.string(),
  /** The nearest non-timescale heading above the row ("Cable offences", a bold question). */
  section: z.string().nullable(),
  /** The nearest timescale heading above the row ("IMMEDIATELY", "Within three months"). */
  timescale: z.string().nullable(),
  strategicLead: z.string().nullable(),
  actionOwner: z.string().nullable(),
  /** The due date when the Due Date cell holds a readable date. */
  dueDate: IsoDate.nullable(),
  /** The Due Date cell as written ("31-Mar-15", "Now", "N/A", "Complete"). */
  dueText: z.string().nullable(),
  /** The Initial / Management Response / Progress Update cell, flattened to text. */
  initialResponse: z.string().nullable(),
  /** Dated progress updates, oldest first (undated ones last). */
  updates: z.array(ParsedUpdate),
  dateOfUpdate: IsoDate.nullable(),
  complete: Completion.nullable(),
  rag: Rag.nullable(),
  /**
   * (extension, optional) Identity of the item inside its inspection: `kind/ref`, plus `#n` when the
   * same ref is reused in one plan for a different text (seed 000 lists three recommendations under
   * `pg 54 paragraph 3.41`). The same key in two plans is the same item (transferred or joint).
   */
  key: z.string().optional(),
  /**
   * (extension, optional) Which cell `updates` were split from: the Latest Update column, or — when
   * the row has no latest update — the response cell (then `initialResponse` holds the same text and
   * the write side must not post it twice).
   */
  updatesFrom: z.enum(['latest-update', 'initial-response']).nullable().optional(),
  /** (extension, optional) Portfolio moves read from the wording ("transferred from X on <date>"). */
  transfers: z.array(ParsedTransfer).optional(),
  /** (extension, optional) Other portfolios the item is jointly allocated to ("also been allocated to X"). */
  jointWith: z.array(z.string()).optional(),
  /** (extension, optional) The earliest date written at the head of an entry of the response cell. */
  responseDate: IsoDate.nullable().optional(),
  /** (extension, optional) Where each field's cell sits in the table, by field (`latestUpdate`, `rag`, …). */
  columns: z.record(z.string(), ParsedColumn).optional(),
  /** (extension, optional) The XLSX sheet the row is on. */
  sheet: z.string().optional(),
  /**
   * (extension, optional) For a row printed without a ref (then `ref` is `no-ref-<hash>` of its kind
   * and wording): the key such rows had before, `line-N`, so a ledger imported then still matches.
   */
  lineKey: z.string().optional(),
});
export type ParsedItem = z.infer<typeof ParsedItem>;

/** One improvement plan: the items one portfolio answers for. */
export const ParsedPlan = z.strictObject({
  /** The portfolio's name where the paper gives one, else its owner's title. */
  portfolio: z.string(),
  /** The SCT Portfolio Owner/Holder as written (name and/or title). */
  portfolioOwner: z.string().nullable(),
  planOwner: z.string().nullable(),
  /**
   * (extension, optional) The plan's own qualifier when one inspection has several plans for the
   * same portfolio, e.g. "National Recommendations" / "BTP Areas" in seed 004.
   */
  label: z.string().nullable().optional(),
  items: z.array(ParsedItem),
});
export type ParsedPlan = z.infer<typeof ParsedPlan>;

/** One inspection (an inspectorate report) and the plans answering it. */
export const ParsedInspection = z.strictObject({
  title: z.string(),
  plans: z.array(ParsedPlan),
  /**
   * (extension, optional) When this inspection's report reached the force, as the paper states it
   * for this inspection; absent when the paper's own `received` / `published` say it (then they
   * apply to every inspection) or nothing is stated.
   */
  receipt: z
    .strictObject({
      /** The day stated; for a month-only statement the last day of that month. */
      on: IsoDate,
      /** `month` when the paper names only a month ("published … in December 2011"): the day is imputed. */
      precision: z.enum(['day', 'month']),
      /** Whether the paper says the report was received (distributed, issued) or published. */
      event: z.enum(['received', 'published']),
      /** The prose line the statement was read from. */
      line: z.number().int(),
      /** The statement's words, for messages. */
      words: z.string(),
    })
    .optional(),
});
export type ParsedInspection = z.infer<typeof ParsedInspection>;

/** A line that was read but not used, or a row that looks doubtful. */
export const LineNote = z.strictObject({
  line: z.number().int(),
  reason: z.string(),
});
export type LineNote = z.infer<typeof LineNote>;

/** (extension) The board paper a document is, when it says so in its own header. */
export const PaperInfo = z.strictObject({
  /** "REPORT TO:" — the board the paper went to. */
  board: z.string().nullable(),
  /** "DATE:" — the board date. */
  date: IsoDate.nullable(),
  /** (extension, optional) When the paper says the inspection report was published ("published on 23 February 2011"). */
  published: IsoDate.nullable().optional(),
  /** (extension, optional) When the paper says the recommendations reached the force ("distributed … on 16 March 2011"). */
  received: IsoDate.nullable().optional(),
});
export type PaperInfo = z.infer<typeof PaperInfo>;

/** The importer's read side: a document normalised, before anything is written to the ledger. */
export const ParsedDocument = z.strictObject({
  /** Where it came from (file path or a caller-given name). */
  source: z.string(),
  inspections: z.array(ParsedInspection),
  /** Lines not used, each with why (page headers, column titles, rules, footnotes, stray cells). */
  skipped: z.array(LineNote),
  /** Rows used but doubtful (unreadable dates, refs reused with other texts, updates after the paper). */
  warnings: z.array(LineNote),
  /** (extension, optional) The board paper's own board and date; null when not a board paper. */
  paper: PaperInfo.nullable().optional(),
  /** (extension, optional) The file read: its name without any directory, and the SHA-256 of its bytes. */
  file: z
    .strictObject({
      name: z.string(),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .optional(),
});
export type ParsedDocument = z.infer<typeof ParsedDocument>;

/** Called as lines are read; the CLI draws it. */
export type ProgressCallback = (linesDone: number, linesTotal: number) => void;
