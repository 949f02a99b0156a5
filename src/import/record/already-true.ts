import type { RecordedEvent } from '../../domain/envelope.js';
import type { PlannedCommand } from './planned-command.js';

/**
 * Refusals that mean "the ledger already holds this fact" (a later export re-states what an
 * earlier one recorded): the command is left out and counted, the import goes on. Any other
 * refusal fails the whole document.
 */
export const ALREADY_TRUE: ReadonlySet<string> = new Set([
  'inspection.already_registered',
  'plan.already_opened',
  'item.already_received',
  'item.owner_unchanged',
  'item.response_unchanged',
  'item.rag_unchanged',
  'item.due_date_unchanged',
  'item.already_complete',
  'item.already_not_applicable',
  'item.joint_unchanged',
  'board.already_presented',
  // A later export lists the item in the plan it was already transferred to.
  'item.transfer_to_same_plan',
  // A later export reports open an item the ledger holds as open.
  'item.not_closed',
]);

/** An update already in the stream with the same date and text (from another export) is not posted again. */
export function isRepeatedUpdate(planned: PlannedCommand, records: readonly RecordedEvent[]): boolean {
  const { command } = planned;
  if (command.type !== 'PostUpdate') return false;
  return records.some(
    (r) =>
      r.type === 'UpdatePosted' &&
      r.effectiveOn === planned.effectiveOn &&
      typeof r.data === 'object' &&
      r.data !== null &&
      'text' in r.data &&
      r.data.text === command.data.text,
  );
}
