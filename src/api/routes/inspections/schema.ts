import { RegisterInspectionInput } from '../../../domain/inspection-commands.js';
import { orNull } from '../commands/nullable.js';
import { commandBody } from '../commands/schema.js';

const registered = RegisterInspectionInput.shape.data.shape;
/**
 * Register an inspectorate's report: the domain command's data (src/domain/inspection-events.ts)
 * without its id, which the ledger allocates (returned as `id`); what is not known may be left out.
 */
export const RegisterInspectionBody = commandBody({
  ...RegisterInspectionInput.shape.data.omit({ inspectionId: true }).shape,
  fieldworkFrom: orNull(registered.fieldworkFrom.unwrap()),
  fieldworkTo: orNull(registered.fieldworkTo.unwrap()),
  publishedOn: orNull(registered.publishedOn.unwrap()),
  source: orNull(registered.source.unwrap()),
});
