import type { Actor, NewEvent, RecordedEvent } from '../domain/envelope.js';
import { KEYS_STREAM } from '../domain/system-streams.js';
import {
  ConcurrencyError,
  type ExpectedRevision,
  fieldIssues,
  NotFoundError,
  ValidationError,
} from '../errors.js';
import { newUlid } from '../lib/id-source.js';
import type { EventStore } from '../store/event-store.js';
import { formatToken, hashSecret, newKeyId, newSecret } from './api-key.js';
import { KEY_EVENT_VERSION, type KeyEvent } from './key-events.js';
import { type AuthResult, KeyRing } from './key-ring.js';
import { CreatedKey, CreateKeyInput, type KeyInfo } from './key-schema.js';
import type { Role } from './roles.js';

export type { AuthFailure, AuthResult } from './key-ring.js';

/** Who writes a key event: an admin's key over HTTP, the CLI, the first start, or a migration. */
export type KeyWriter = Actor;

const cliActor: KeyWriter = { id: 'cli', method: 'cli', requestId: null, claimedName: null };

/** A key event ready to append (ids and envelope are the store's and the writer's business). */
export interface KeyEventDraft {
  eventId?: string;
  body: KeyEvent;
}

/**
 * API keys, kept as events in the ledger's own store (`ledger-keys`, docs/architecture.md Auth)
 * and folded into memory. Every instance on the same store folds the same events: a key made
 * through one instance is known to all of them as soon as their subscription delivers it
 * (`apply`, fed by the projection runner), and a revocation stops the key at once. Writes append
 * and then fold what the stream holds, so the writing instance sees its own change immediately.
 */
export class KeyStore {
  private readonly ring = new KeyRing();
  private refreshing: Promise<void> | null = null;

  private constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date,
  ) {}

  /** Loads every key event of `store`. */
  static async open(store: EventStore, clock: () => Date = () => new Date()): Promise<KeyStore> {
    const keys = new KeyStore(store, clock);
    await keys.refresh();
    return keys;
  }

  /** Revision of the last key event folded (-1: none). */
  get revision(): number {
    return this.ring.revision;
  }

  /** Reads the key events after the last one folded. Concurrent calls share one read. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const events = await this.store.readStream(KEYS_STREAM, { fromRevision: this.ring.revision + 1 });
        for (const event of events) this.fold(event);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /**
   * Feeds one event from a subscription. Events of other streams and events already folded are
   * ignored; a gap (an event missed while this instance started) is filled by a read.
   */
  apply(event: RecordedEvent): void {
    if (event.streamId !== KEYS_STREAM || event.revision <= this.ring.revision) return;
    if (event.revision === this.ring.revision + 1) this.ring.apply(event);
    else void this.refresh().catch(() => undefined);
  }

  private fold(event: RecordedEvent): void {
    if (event.revision === this.ring.revision + 1) this.ring.apply(event);
  }

  /** Creates a key and returns its token: the only time the token exists outside the caller. */
  async create(input: CreateKeyInput, createdBy: string, writer: KeyWriter = cliActor): Promise<CreatedKey> {
    const parsed = CreateKeyInput.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError('the key is invalid', fieldIssues(parsed.error));
    }
    const keyId = newKeyId();
    const secret = newSecret();
    await this.write(
      [
        {
          body: {
            type: 'ApiKeyCreated',
            data: {
              keyId,
              ...parsed.data,
              secretHash: hashSecret(secret),
              createdBy,
              createdAt: this.clock().toISOString(),
            },
          },
        },
      ],
      writer,
    );
    const key = this.ring.get(keyId);
    if (!key) throw new Error(`key ${keyId} was written but is not in the keys stream`);
    return CreatedKey.parse({ key, token: formatToken(keyId, secret) });
  }

  /**
   * The first start's admin key, created only while no key can authenticate. Several instances
   * starting at once append at the exact revision they read: one wins, the others get null.
   */
  async createFirstAdmin(): Promise<string | null> {
    await this.refresh();
    if (this.ring.activeCount() > 0) return null;
    const expected = this.ring.revision < 0 ? 'no_stream' : this.ring.revision;
    const keyId = newKeyId();
    const secret = newSecret();
    try {
      await this.write(
        [
          {
            body: {
              type: 'ApiKeyCreated',
              data: {
                keyId,
                name: 'first-start admin',
                role: 'admin',
                portfolios: [],
                secretHash: hashSecret(secret),
                createdBy: 'bootstrap',
                createdAt: this.clock().toISOString(),
              },
            },
          },
        ],
        { id: 'bootstrap', method: 'system', requestId: null, claimedName: null },
        expected,
      );
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        await this.refresh();
        return null;
      }
      throw error;
    }
    return formatToken(keyId, secret);
  }

  /** Revokes a key (idempotent: revoking twice keeps the first revocation time). */
  async revoke(keyId: string, writer: KeyWriter = cliActor): Promise<KeyInfo> {
    await this.refresh();
    const key = this.ring.get(keyId);
    if (!key) throw new NotFoundError('api key', keyId);
    if (key.revokedAt !== null) return key;
    await this.write(
      [{ body: { type: 'ApiKeyRevoked', data: { keyId, revokedAt: this.clock().toISOString() } } }],
      writer,
    );
    return this.ring.get(keyId) ?? key;
  }

  /** Changes a key's role and portfolios (the same rules as creating one). */
  async changeScope(
    keyId: string,
    scope: { role: Role; portfolios: string[] },
    writer: KeyWriter = cliActor,
  ): Promise<KeyInfo> {
    await this.refresh();
    const key = this.ring.get(keyId);
    if (!key) throw new NotFoundError('api key', keyId);
    const parsed = CreateKeyInput.safeParse({ name: key.name, ...scope });
    if (!parsed.success) {
      throw new ValidationError(
        'the key scope is invalid',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    await this.write(
      [
        {
          body: {
            type: 'ApiKeyScopeChanged',
            data: { keyId, role: parsed.data.role, portfolios: parsed.data.portfolios },
          },
        },
      ],
      writer,
    );
    return this.ring.get(keyId) ?? key;
  }

  /**
   * Appends key events (deterministic ids make a repeated migration a no-op) and folds the
   * stream up to them, so this instance sees its own change before answering.
   */
  async write(
    drafts: KeyEventDraft[],
    writer: KeyWriter,
    expectedRevision: ExpectedRevision = 'any',
  ): Promise<void> {
    const effectiveOn = this.clock().toISOString().slice(0, 10);
    const events: NewEvent[] = drafts.map((draft) => ({
      eventId: draft.eventId ?? newUlid(),
      type: draft.body.type,
      schemaVersion: KEY_EVENT_VERSION,
      data: draft.body.data,
      effectiveOn,
      actor: writer,
      correlationId: writer.requestId,
      causationId: null,
    }));
    await this.store.append(KEYS_STREAM, events, { expectedRevision });
    await this.refresh();
  }

  list(): KeyInfo[] {
    return this.ring.list();
  }

  get(keyId: string): KeyInfo | null {
    return this.ring.get(keyId);
  }

  /** What SSE tickets of a live key are signed with (src/api/sse-tickets.ts); null when revoked or unknown. */
  signingSecretOf(keyId: string): string | null {
    return this.ring.secretHashOf(keyId);
  }

  /** Number of keys that can still authenticate. */
  activeCount(): number {
    return this.ring.activeCount();
  }

  /** Checks a presented token against the keys in memory: no database read per request. */
  authenticate(token: string): AuthResult {
    return this.ring.authenticate(token);
  }
}
