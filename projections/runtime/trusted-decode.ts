import type { z } from 'zod';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import { BusinessDate } from '../../src/domain/fields.js';
import {
  CURRENT_SCHEMA_VERSION,
  decodeEvent,
  isLedgerEventType,
  type LedgerEvent,
  type LedgerEventType,
} from '../../src/domain/ledger-event.js';
import type { ReplayedEvent } from '../../src/store/event-store.js';
import { isUlid } from '../../src/store/row-formats.js';
import { compileTypeBody, compileTypeField, InternTables } from './trusted-body-check.js';

/**
 * `decodeEvent` for events the runner reads from the ledger's own store or journal: they were
 * validated by the deciders on the way in and are hash-chained, so re-running every zod schema
 * on every replay (most of a rebuild's decode time) buys nothing. Instead each current-version
 * body gets a structural check compiled once from its zod schema: exact key set, value kinds,
 * enum members, string lengths, and no whitespace a `.trim()` would remove. Id and date
 * strings are checked with their own schema the first time a value is seen and interned, so
 * the index keeps one copy of each and the check costs a Map lookup afterwards.
 *
 * Anything the check does not plainly accept (an old schema version to upcast, an unknown or
 * newer type, a body that fails, a type whose body it cannot see into, such as a correction's
 * free-form `fields`) goes to
 * `decodeEvent`, which decides: the same value it would have returned, or its
 * CorruptEventError. So nothing is accepted here that `decodeEvent` would refuse, except
 * values it would have normalised identically.
 *
 * A decoder instance owns its intern tables: one per index being built.
 */
export class TrustedDecoder extends InternTables {
  private readonly types = new Map<string, TypeCheck | null>();
  /** Validated strings per format schema (ids, dates): value → the one shared copy. */
  private readonly actors = new Map<string, RecordedEvent['actor']>();
  private readonly sharedActors = new Map<RecordedEvent['actor'], RecordedEvent['actor']>();
  private readonly dateSchema = BusinessDate;
  private readonly dates = this.tableOf(BusinessDate);
  /** How many records went to `decodeEvent` (old versions, nested bodies, anything not plainly valid). */
  delegated = 0;
  /** `UpdatePosted`'s compiled text check (null: zod decides the type; undefined: not yet compiled). */
  private updateText: ((value: unknown) => boolean) | null | undefined;

  /**
   * For a replay thread, which keeps only columns: the text of a record `decode` would accept
   * as an `UpdatePosted` at the current version whose body is `{ itemId, text }` about its own
   * item (its stream is `item-<itemId>`, so `itemId` is the columns' stream key), the text
   * passing the very check `decode` compiles for it; null for any other record (`decode`
   * decides). What `keptBody` keeps of such an event is this text, so no event is made for it
   * (7 events in 10 in the bench ledgers; the event and the whole-body check were ≈ 10% of the
   * thread's time). The id is compared with the row's own stream id and checked by its pattern
   * (`isUlid`, the `Ulid` schema's), not looked up: the per-stream strings lie scattered in
   * memory, and reaching them cost more than the check.
   */
  plainUpdateText(record: ReplayedEvent): string | null {
    if (record.type !== 'UpdatePosted' || record.schemaVersion !== UPDATE_VERSION) return null;
    const data = record.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null) return null;
    const { itemId, text } = data;
    const streamId = record.streamId;
    if (
      typeof itemId !== 'string' ||
      typeof text !== 'string' ||
      streamId.length !== itemId.length + ITEM.length ||
      !streamId.startsWith(ITEM) ||
      !streamId.endsWith(itemId)
    )
      return null;
    let keys = 0;
    for (const _ in data) keys++;
    if (keys !== 2) return null;
    let check = this.updateText;
    if (check === undefined) {
      check = compileTypeField('UpdatePosted', 'text', this);
      this.updateText = check;
    }
    return check?.(text) && isUlid(itemId) ? text : null;
  }

  /** The one kept copy of a record's actor, as `decode` gives it. */
  sharedActor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
    return this.actor(actor);
  }

  decode(record: RecordedEvent | ReplayedEvent): LedgerEvent {
    const type = record.type;
    let check = this.types.get(type);
    if (check === undefined) {
      check = isLedgerEventType(type) ? compileType(type, this) : null;
      this.types.set(type, check);
    }
    const data = record.data;
    if (
      check === null ||
      record.schemaVersion !== check.version ||
      typeof data !== 'object' ||
      data === null ||
      !check.accepts(data as Record<string, unknown>)
    ) {
      this.delegated++;
      // Its actor shared too: the columns number actors by object, one number per value.
      const event = decodeEvent(whole(record));
      event.actor = this.actor(event.actor);
      return event;
    }
    const full = 'hash' in record ? record : null;
    // A fresh envelope (not `record` itself): the runner journals the record it was given,
    // and a compacting index drops fields of the event it keeps.
    // Fixed keys, the provenance added after when there is one (a spread in the literal built
    // the object key by key, with a temporary object, for every event).
    const event = {
      eventId: record.eventId,
      type: check.type,
      schemaVersion: check.version,
      streamId: record.streamId,
      revision: record.revision,
      position: record.position,
      effectiveOn:
        this.dates.get(record.effectiveOn) ??
        this.admit(this.dateSchema, this.dates, record.effectiveOn) ??
        record.effectiveOn,
      recordedAt: record.recordedAt,
      actor: this.actor(record.actor),
      correlationId: full?.correlationId ?? null,
      causationId: full?.causationId ?? null,
      data,
      prevHash: full?.prevHash ?? NOT_READ,
      hash: full?.hash ?? NOT_READ,
    } as LedgerEvent;
    if (record.provenance !== undefined) event.provenance = record.provenance;
    return event;
  }

  /**
   * The shared copy of `value` once `schema` accepts it; undefined when it does not. Memory:
   * one entry per distinct id or date, which the index holds anyway.
   */
  intern(schema: z.core.$ZodType, value: string): string | undefined {
    const table = this.tableOf(schema);
    return table.get(value) ?? this.admit(schema, table, value);
  }

  /** Actors repeat (a few keys and importers write everything): keep one frozen copy of each. */
  private actor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
    // A replay's reader shares one frozen actor per text (sqlite-replay.ts): known by identity.
    const same = this.sharedActors.get(actor);
    if (same !== undefined) return same;
    const kept = this.keptActor(actor);
    if (Object.isFrozen(actor) && this.sharedActors.size < 10_000) this.sharedActors.set(actor, kept);
    return kept;
  }

  private keptActor(actor: RecordedEvent['actor']): RecordedEvent['actor'] {
    const key = `${actor.id}\u0000${actor.method}\u0000${actor.requestId}\u0000${actor.claimedName}`;
    const known = this.actors.get(key);
    // `${null}` and "null" share a key: compare the fields themselves before sharing.
    if (
      known !== undefined &&
      known.id === actor.id &&
      known.method === actor.method &&
      known.requestId === actor.requestId &&
      known.claimedName === actor.claimedName
    )
      return known;
    if (this.actors.size < 10_000) this.actors.set(key, Object.freeze(actor));
    return actor;
  }
}

/**
 * A replay does not read the hashes or the correlation and causation ids (`ReplayedEvent`):
 * the index keeps none of them (verification reads the store), so the event carries these.
 */
const NOT_READ = '';
const UPDATE_VERSION = CURRENT_SCHEMA_VERSION.UpdatePosted;
/** An item stream's id before its item's id. */
const ITEM = 'item-';

function whole(record: RecordedEvent | ReplayedEvent): RecordedEvent {
  return 'hash' in record
    ? record
    : { ...record, correlationId: null, causationId: null, prevHash: NOT_READ, hash: NOT_READ };
}

interface TypeCheck {
  type: LedgerEventType;
  version: number;
  /** True when the body plainly satisfies the type's schema (and has been interned in place). */
  accepts(data: Record<string, unknown>): boolean;
}

/** The event types whose current bodies the decoder checks itself; the rest always go to zod. */
export function trustedEventTypes(): LedgerEventType[] {
  const decoder = new TrustedDecoder();
  return Object.keys(CURRENT_SCHEMA_VERSION).filter(
    (type): type is LedgerEventType => isLedgerEventType(type) && compileType(type, decoder) !== null,
  );
}

function compileType(type: LedgerEventType, decoder: TrustedDecoder): TypeCheck | null {
  const accepts = compileTypeBody(type, decoder);
  return accepts && { type, version: CURRENT_SCHEMA_VERSION[type], accepts };
}

export { compileBody } from './trusted-body-check.js';
