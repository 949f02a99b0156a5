import { z } from 'zod';
import type { Actor } from '../domain/envelope.js';
import { deterministicEventId } from '../domain/ids.js';
import { idempotencyStreamOf } from '../domain/system-streams.js';
import { IdempotencyKeyReuseError } from '../errors.js';
import { contentHash } from '../lib/hash.js';
import type { EventStore } from '../store/event-store.js';

const Used = z.object({ fingerprint: z.string() });

/**
 * Idempotency-Key records in the ledger's own store, so every instance judges a key the same
 * way. The first use of (API key, Idempotency-Key) appends one event, with an id derived from
 * the pair, to a stream of its own: whichever instance gets there first, the store keeps one
 * record, and every later use (on any instance, at the same time or a day later) reads back the
 * first request's fingerprint. A different body under the same key is a 422. The answer itself
 * is not stored: the command's event ids derive from the key too, so re-running it finds the
 * first run's events and answers with them (docs/architecture.md, HTTP API).
 */
export class IdempotencyRecords {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
  ) {}

  /** Records the first use of `key` by `keyId`, or checks a later use against it. */
  async claim(keyId: string, key: string, fingerprint: string, actor: Actor): Promise<void> {
    const recordId = deterministicEventId(`idempotency\u0000${keyId}\u0000${key}`);
    const result = await this.store.append(
      idempotencyStreamOf(recordId),
      [
        {
          eventId: recordId,
          type: 'IdempotencyKeyUsed',
          schemaVersion: 1,
          data: { fingerprint },
          effectiveOn: this.clock().toISOString().slice(0, 10),
          actor,
          correlationId: actor.requestId,
          causationId: null,
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const first = Used.safeParse(result.events[0]?.data);
    if (!first.success || first.data.fingerprint !== fingerprint) throw new IdempotencyKeyReuseError(key);
  }
}

/** What makes two requests "the same" for an idempotency key. */
export function requestFingerprint(parts: Record<string, unknown>): string {
  return contentHash(parts);
}
