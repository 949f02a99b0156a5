import { z } from 'zod';
import { Sha256Hex, ShortText } from '../domain/fields.js';
import { Role } from './roles.js';

/**
 * API keys as events of the ledger's own `ledger-keys` stream (src/domain/system-streams.ts):
 * every instance folds the same events, so a key made or revoked anywhere holds everywhere.
 * Only the SHA-256 of a secret is ever written; a token cannot be recovered from the store.
 */

/** A public key id: 16 characters of lower-case base32. */
export const KeyId = z.string().regex(/^[0-9a-z]{16}$/, 'must be a key id');

export const ApiKeyCreated = z.strictObject({
  type: z.literal('ApiKeyCreated'),
  data: z.strictObject({
    keyId: KeyId,
    /** A label for people: who or what holds the key. */
    name: ShortText,
    role: Role,
    /** For contributors: the portfolios whose items the key may update. */
    portfolios: z.array(ShortText).max(50),
    /** SHA-256 hex of the secret; never the secret. */
    secretHash: Sha256Hex,
    /** Key id of the admin who created it, or `bootstrap` / `cli` / `migration`. */
    createdBy: z.string().min(1).max(200),
    /** When it was first created: the event's own time, or the original one for a migrated key. */
    createdAt: z.iso.datetime({ offset: false, precision: 3 }),
  }),
});

export const ApiKeyRevoked = z.strictObject({
  type: z.literal('ApiKeyRevoked'),
  data: z.strictObject({
    keyId: KeyId,
    revokedAt: z.iso.datetime({ offset: false, precision: 3 }),
  }),
});

export const ApiKeyScopeChanged = z.strictObject({
  type: z.literal('ApiKeyScopeChanged'),
  data: z.strictObject({
    keyId: KeyId,
    role: Role,
    portfolios: z.array(ShortText).max(50),
  }),
});

/** Every event of the keys stream. */
export const KeyEvent = z.discriminatedUnion('type', [ApiKeyCreated, ApiKeyRevoked, ApiKeyScopeChanged]);
export type KeyEvent = z.infer<typeof KeyEvent>;

/** Schema version of every key event (there is only one so far). */
export const KEY_EVENT_VERSION = 1;
