import { z } from 'zod';
import { EventMetadata, StoreFields } from '../../../domain/envelope.js';
import { BusinessDate } from '../../../domain/fields.js';

/** Query of the raw ledger: paged by global position, optionally filtered. */
export const EventsQuery = z.strictObject({
  /**
   * Page cursor, exclusive: the position of the last event already read (a page's `nextAfter`).
   * Absent: from the start of the log. A number that is no event's position in this ledger
   * (on EventStoreDB, positions have gaps) is a 400 naming `query.after`.
   */
  after: z.coerce.number().int().min(-1).optional(),
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

const { eventId, effectiveOn, actor, correlationId, causationId, provenance } = EventMetadata.shape;
const { streamId, revision, position, recordedAt, prevHash, hash } = StoreFields.shape;

/**
 * One event exactly as stored: its envelope (the domain's metadata and store fields, in the
 * order the answer lists them) and its data as written (before any upcast).
 */
export const RecordedEventView = z.strictObject({
  eventId,
  type: z.string(),
  schemaVersion: z.number().int(),
  streamId,
  revision,
  position,
  effectiveOn,
  recordedAt,
  actor,
  correlationId,
  causationId,
  provenance,
  prevHash,
  hash,
  data: z.unknown(),
});

export const EventsPage = z.strictObject({
  events: z.array(RecordedEventView),
  /** The cursor of the next page (the position of the last event this one scanned), or null at the head of the log. */
  nextAfter: z.number().int().nullable(),
  headPosition: z.number().int(),
});
export type EventsPage = z.infer<typeof EventsPage>;
