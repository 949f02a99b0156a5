import { z } from 'zod';
import { BusinessDate, LongText, ShortText, Ulid } from './fields.js';

/** An inspectorate's report entered the ledger; the root every plan and item hangs from. */
export const InspectionRegistered = z.strictObject({
  type: z.literal('InspectionRegistered'),
  data: z.strictObject({
    inspectionId: Ulid,
    /** The report's title, e.g. "BTP Inspection 2010". */
    title: ShortText,
    /** Who inspected, e.g. "HMIC". */
    inspectorate: ShortText,
    /** First and last day of fieldwork, when known. */
    fieldworkFrom: BusinessDate.nullable(),
    fieldworkTo: BusinessDate.nullable(),
    /** The day the report was published. */
    publishedOn: BusinessDate.nullable(),
    /** Where the record came from (a file name, a URL, "entered by hand"). */
    source: LongText.nullable(),
  }),
});
export type InspectionRegistered = z.infer<typeof InspectionRegistered>;
