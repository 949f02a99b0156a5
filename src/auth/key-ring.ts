import type { RecordedEvent } from '../domain/envelope.js';
import { CorruptEventError } from '../errors.js';
import { parseToken, secretMatches } from './api-key.js';
import { KeyEvent } from './key-events.js';
import type { KeyInfo } from './key-schema.js';
import type { Principal } from './principal.js';

/**
 * Why a presented key was refused; all of them answer 401, but the reason goes to the log so an
 * operator can tell a typo from a revoked key.
 */
export type AuthFailure = 'malformed' | 'unknown' | 'revoked';
export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: AuthFailure };

interface KeyRecord {
  info: KeyInfo;
  secretHash: string;
}

/** The hash compared when the key id is unknown, so an unknown id costs what a real comparison does. */
const NO_HASH = '0'.repeat(64);

/**
 * The keys as of the events folded so far: an in-memory fold of the `ledger-keys` stream. It is
 * what every request is checked against, so authentication costs no database read; the
 * subscription keeps it current (a revocation applies as soon as its event arrives).
 */
export class KeyRing {
  private readonly keys = new Map<string, KeyRecord>();
  /** Revision of the last key event folded; -1 before any. */
  revision = -1;

  /** Folds one event of the keys stream. An event that is not a key event is a CorruptEventError. */
  apply(event: RecordedEvent): void {
    const parsed = KeyEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      throw new CorruptEventError(event.eventId, event.type, 'not an API key event of a known shape');
    }
    const body = parsed.data;
    switch (body.type) {
      case 'ApiKeyCreated': {
        const { secretHash, ...rest } = body.data;
        if (this.keys.has(rest.keyId)) break;
        this.keys.set(rest.keyId, { info: { ...rest, revokedAt: null }, secretHash });
        break;
      }
      case 'ApiKeyRevoked': {
        const found = this.keys.get(body.data.keyId);
        // Revoked once: the first revocation time is the one that counts.
        if (found && found.info.revokedAt === null)
          found.info = { ...found.info, revokedAt: body.data.revokedAt };
        break;
      }
      case 'ApiKeyScopeChanged': {
        const found = this.keys.get(body.data.keyId);
        if (found) found.info = { ...found.info, role: body.data.role, portfolios: body.data.portfolios };
        break;
      }
      default: {
        const never: never = body;
        throw new Error(`unhandled key event ${String(never)}`);
      }
    }
    this.revision = event.revision;
  }

  list(): KeyInfo[] {
    return [...this.keys.values()]
      .map((k) => k.info)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  get(keyId: string): KeyInfo | null {
    return this.keys.get(keyId)?.info ?? null;
  }

  /** The stored secret hash of a key that can still authenticate (SSE tickets are signed with it). */
  secretHashOf(keyId: string): string | null {
    const found = this.keys.get(keyId);
    return found && found.info.revokedAt === null ? found.secretHash : null;
  }

  /** Number of keys that can still authenticate. */
  activeCount(): number {
    let n = 0;
    for (const k of this.keys.values()) if (k.info.revokedAt === null) n++;
    return n;
  }

  /** Checks a presented token; the secret is compared in constant time. */
  authenticate(token: string): AuthResult {
    const parsed = parseToken(token);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const found = this.keys.get(parsed.keyId);
    if (!secretMatches(parsed.secret, found?.secretHash ?? NO_HASH) || !found)
      return { ok: false, reason: 'unknown' };
    if (found.info.revokedAt !== null) return { ok: false, reason: 'revoked' };
    const { keyId, name, role, portfolios } = found.info;
    return { ok: true, principal: { keyId, name, role, portfolios } };
  }
}
