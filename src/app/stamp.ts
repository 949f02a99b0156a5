import type { Actor, NewEvent } from '../domain/envelope.js';
import type { BusinessDate } from '../domain/fields.js';
import { CURRENT_SCHEMA_VERSION, LedgerEventBody } from '../domain/ledger-event.js';
import type { Provenance } from '../domain/provenance.js';
import { fieldIssues, ValidationError } from '../errors.js';

/** A decided event with its envelope, ready to append; still typed by its body. */
export type StampedEvent = NewEvent & LedgerEventBody;

/** The envelope every event of one command (or one import row) gets. */
export interface Stamp {
  /** The id of the i-th event the command decided. */
  eventId: (index: number) => string;
  effectiveOn: BusinessDate;
  actor: Actor;
  correlationId: string | null;
  causationId: string | null;
  /** Where an imported fact came from (file, sheet, line); absent for commands sent to the API. */
  provenance?: Provenance;
}

/**
 * Turns the bodies a decider returned into events to append: the one stamp shared by the
 * command handler and the importer. Each body is checked against the event catalogue first
 * (defence in depth: an invalid event never reaches the store), then gets the current schema
 * version and the envelope.
 */
export function stamp(bodies: readonly LedgerEventBody[], envelope: Stamp): StampedEvent[] {
  return bodies.map((raw, i) => {
    const parsed = LedgerEventBody.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError('decided an invalid event', fieldIssues(parsed.error, `events.${i}`));
    }
    // The parsed body is a fresh object: the envelope is added to it rather than to a copy (an
    // import stamps ~70,000 events; each spread copy was garbage to collect).
    const event: StampedEvent = Object.assign(parsed.data, {
      eventId: envelope.eventId(i),
      schemaVersion: CURRENT_SCHEMA_VERSION[parsed.data.type],
      effectiveOn: envelope.effectiveOn,
      actor: envelope.actor,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
    });
    if (envelope.provenance !== undefined) event.provenance = envelope.provenance;
    return event;
  });
}
