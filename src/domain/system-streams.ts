/**
 * Streams the ledger keeps for itself in its own store, beside the plan streams: API keys and
 * idempotency records. They share the store (so every instance sees them, they are hash-chained,
 * migrated and backed up with the ledger) but they are not plan history: the read models skip
 * them, and only an admin may list them through the raw ledger (docs/architecture.md, Auth).
 * Plan streams are `<kind>-<ULID>` with kinds that never start with `ledger-`.
 */
export const SYSTEM_STREAM_PREFIX = 'ledger-';

/** Every API key event: created, revoked, role or portfolios changed. */
export const KEYS_STREAM = 'ledger-keys';

/** True for the ledger's own bookkeeping streams (keys, idempotency records, id claims). */
export function isSystemStream(streamId: string): boolean {
  return streamId.startsWith(SYSTEM_STREAM_PREFIX);
}

/** The stream recording the first use of one (API key, Idempotency-Key) pair. */
export const idempotencyStreamOf = (recordId: string): string => `ledger-idempotency-${recordId}`;
