import { z } from 'zod';
import { Actor } from '../../../domain/envelope.js';
import { BusinessDate, Instant, Sha256Hex, Ulid } from '../../../domain/fields.js';
import { Provenance } from '../../../domain/provenance.js';

/** Query of the raw ledger: paged by global position, optionally filtered. */
export const EventsQuery = z.strictObject({
  /** First global position to return (inclusive). */
  fromPosition: z.coerce.number().int().nonnegative().default(0),
  /** Page size, at most 1000. */
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Only events of this stream, e.g. `item-01H…`. */
  streamId: z.string().min(1).max(200).optional(),
  /** Only events of this type, e.g. `RagChanged`. */
  type: z.string().min(1).max(100).optional(),
  /** Only events effective on or after this business date. */
  effectiveFrom: BusinessDate.optional(),
  /** Only events effective on or before this business date. */
  effectiveTo: BusinessDate.optional(),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

/** One event exactly as stored: its envelope and its data as written (before any upcast). */
export const RecordedEventView = z.strictObject({
  eventId: Ulid,
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId: z.string(),
  revision: z.number().int(),
  position: z.number().int(),
  effectiveOn: BusinessDate,
  recordedAt: Instant,
  actor: Actor,
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  /** Where an imported fact was read from (file digest and name, line, column, how its date was found). */
  provenance: Provenance.optional(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
  data: z.unknown(),
});

export const EventsPage = z.strictObject({
  events: z.array(RecordedEventView),
  /** Where the next page starts, or null at the head of the log. */
  nextPosition: z.number().int().nullable(),
  headPosition: z.number().int(),
});
export type EventsPage = z.infer<typeof EventsPage>;
