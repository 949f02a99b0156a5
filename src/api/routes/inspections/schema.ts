import { BusinessDate, LongText, ShortText } from '../../../domain/fields.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

/** Register an inspectorate's report; the ledger allocates its id (returned as `id`). */
export const RegisterInspectionBody = commandBody({
  /** The report's title, e.g. "BTP Inspection 2010". */
  title: ShortText,
  /** Who inspected, e.g. "HMIC". */
  inspectorate: ShortText,
  fieldworkFrom: orNull(BusinessDate),
  fieldworkTo: orNull(BusinessDate),
  publishedOn: orNull(BusinessDate),
  /** Where the record came from (a file name, a URL, "entered by hand"). */
  source: orNull(LongText),
});
