import type { ZodType } from 'zod';
import { z } from 'zod';
import { BusinessDate } from './fields.js';
import type { LedgerEvent, LedgerEventBody } from './ledger-event.js';

/**
 * What every domain command carries besides its data: the business date it becomes true.
 * It is here (and not only on the events) so that `decide` can check date rules such as
 * "no update before the item was received" without a clock.
 */
export const CommandMetadata = z.strictObject({
  /** The business date the command's facts become true (the "Date of Update"). */
  effectiveOn: BusinessDate,
  /**
   * Set only by the importer, never from a request: the fact is recorded as a board paper
   * reported it. The interactive "closed item" rule (`item.closed`: reopen before you re-rate,
   * reschedule or close it the other way) is then not applied, and the event says so with its
   * own `asReported: true` (docs/architecture.md, "Domain and commands", Rules).
   */
  asReported: z.literal(true).optional(),
});
export type CommandMetadata = z.infer<typeof CommandMetadata>;

/**
 * An aggregate's decision logic, pure: no clock, no ids, no I/O. `decide` returns event
 * bodies (no envelope); the command handler adds ids and metadata and appends them.
 * `evolve` sees the full decoded event because date rules need its envelope (effectiveOn).
 */
export interface Decider<Command, State> {
  /** The schema of the commands it decides (tests parse through it; the pipeline validates at its edge). */
  readonly commandSchema: ZodType<Command>;
  readonly initialState: State;
  decide(command: Command, state: State): LedgerEventBody[];
  evolve(state: State, event: LedgerEvent): State;
}

/** The `never` check that ends every switch over a union: a new member fails to compile. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
