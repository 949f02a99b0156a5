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
  const checked = bodies.map((raw, i) => {
    const parsed = LedgerEventBody.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError('decided an invalid event', fieldIssues(parsed.error, `events.${i}`));
    }
    return parsed.data;
  });
  return stampDecided(checked, envelope);
}

/**
 * The same envelope on bodies that need no second parse: the importer's, decided from commands
 * it parsed itself (`decide-stream.ts`), so every text in them is already trimmed and bounded by
 * the same field schemas. tests/import/decided-bodies.test.ts holds, over every seed and a
 * generated plan, that each such body is exactly what the catalogue's parse returns. An import
 * decides ~70,000 events; the second parse cost ~5 µs each (measured over a generated plan).
 * The caller guards what tests cannot reach: the importer checks every body it decided with a
 * check compiled from the same schemas first (src/import/record/decided-body-check.ts).
 */
export function stampDecided(bodies: readonly LedgerEventBody[], envelope: Stamp): StampedEvent[] {
  const { effectiveOn, actor, correlationId, causationId, provenance } = envelope;
  // One literal, the envelope before the body: keys added after a spread take V8's slow path.
  return bodies.map((body, i) =>
    provenance === undefined
      ? {
          eventId: envelope.eventId(i),
          schemaVersion: CURRENT_SCHEMA_VERSION[body.type],
          effectiveOn,
          actor,
          correlationId,
          causationId,
          ...body,
        }
      : {
          eventId: envelope.eventId(i),
          schemaVersion: CURRENT_SCHEMA_VERSION[body.type],
          effectiveOn,
          actor,
          correlationId,
          causationId,
          provenance,
          ...body,
        },
  );
}
