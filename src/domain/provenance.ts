import { z } from 'zod';
import { Sha256Hex } from './fields.js';

/**
 * Where an imported fact's business date came from (docs/architecture.md, "Provenance"):
 * - `stated`: written for this fact in the source (an update's own date, "transferred … on 1 April");
 * - `date-of-update`: the row's Date of Update column;
 * - `first-update`: the row's earliest dated update (a response recorded no later than it);
 * - `latest-update`: the row's latest dated update, when it has no Date of Update;
 * - `paper-date`: a date the paper states for itself (its board date, when the report was
 *   published or received);
 * - `stated-month`: the paper states only the month ("published … in December 2011"): the last
 *   day of that month, never earlier than the paper supports; imputed, not stated;
 * - `document-start`: the earliest date the document holds;
 * - `import-day`: the document holds no date at all, so the day it was imported.
 */
export const DateBasis = z.enum([
  'stated',
  'date-of-update',
  'first-update',
  'latest-update',
  'paper-date',
  'stated-month',
  'document-start',
  'import-day',
]);
export type DateBasis = z.infer<typeof DateBasis>;

/** A table column a fact was read from. */
export const SourceColumn = z.strictObject({
  /** 1-based position in its row, as printed (an XLSX column A is 1). */
  number: z.number().int().positive().max(16_384),
  /** The column's title as printed in the title row ("Latest Update"); null when it has none. */
  title: z.string().max(200).nullable(),
});
export type SourceColumn = z.infer<typeof SourceColumn>;

/**
 * Where an event came from, when it was not typed in but read from a document (an import). Part
 * of the envelope and covered by the hash; absent on events written live and on every event
 * stored before provenance existed, which therefore decode and verify unchanged.
 */
export const Provenance = z.strictObject({
  /** SHA-256 (hex) of the source file's bytes, exactly as read. */
  digest: Sha256Hex,
  /** The file's name as given, without any directory ("plan (final).xlsx"). */
  fileName: z.string().min(1).max(255),
  /** The XLSX sheet the row is on; null for text and CSV. */
  sheet: z.string().max(200).nullable(),
  /** 1-based line (text, CSV) or running row (XLSX) of the row; null for facts of the whole document. */
  line: z.number().int().positive().nullable(),
  /** The column the fact was read from, for tables; null when it is the whole row or document. */
  column: SourceColumn.nullable(),
  /** True when the source writes this fact's date; false when the ledger had to impute it. */
  dateStated: z.boolean(),
  /** What the business date was taken from. */
  dateFrom: DateBasis,
});
export type Provenance = z.infer<typeof Provenance>;
