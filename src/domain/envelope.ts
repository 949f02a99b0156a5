import { z } from 'zod';
import { BusinessDate, Instant, Sha256Hex, Ulid } from './fields.js';
import { Provenance } from './provenance.js';

/** An "on behalf of" name given in a request: recorded as a claim, never as identity. */
export const ClaimedName = z.string().max(200, 'must be at most 200 characters');

/**
 * Who caused an event: always the authenticated principal (or the ledger itself), never a
 * claim taken from a request body.
 */
export const Actor = z.strictObject({
  /** Key id, CLI user, or `system`. */
  id: z.string().min(1).max(200),
  /** How the principal was authenticated. */
  method: z.enum(['api-key', 'cli', 'import', 'system']),
  /** The request that carried it, when there was one. */
  requestId: z.string().max(200).nullable(),
  /** An "on behalf of" name given in the request: recorded as a claim, never as identity. */
  claimedName: ClaimedName.nullable().default(null),
});
export type Actor = z.infer<typeof Actor>;

/** What a writer supplies besides the event body. */
export const EventMetadata = z.strictObject({
  /** Identity; re-appending the same id at the same place is a no-op. */
  eventId: Ulid,
  /** The business date the fact became true. */
  effectiveOn: BusinessDate,
  actor: Actor,
  /** The request / import / command that caused this. */
  correlationId: z.string().max(200).nullable(),
  causationId: z.string().max(200).nullable(),
  /** Where an imported fact was read from; absent on facts written live (and on older events). */
  provenance: Provenance.optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** An event on its way into a store: body (untyped at this layer) plus metadata. */
export interface NewEvent extends EventMetadata {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** Fields only a store sets. */
export const StoreFields = z.strictObject({
  streamId: z.string().min(1),
  /** 0-based position inside the stream. */
  revision: z.number().int().nonnegative(),
  /** Position in the global log; increasing, not necessarily contiguous across stores. */
  position: z.number().int().nonnegative(),
  /** The server's clock when the event entered the ledger. */
  recordedAt: Instant,
  /** Hash of the previous event in the stream (a fixed genesis value for revision 0). */
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type StoreFields = z.infer<typeof StoreFields>;

/** An event as a store returns it: raw body (as written, before upcasting) plus its envelope. */
export interface RecordedEvent extends NewEvent, StoreFields {}
