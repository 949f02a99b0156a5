import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyStore } from '../auth/key-store.js';
import type { Principal } from '../auth/principal.js';

/**
 * Short-lived tickets for the browser's EventSource, which cannot send an Authorization
 * header. A caller with a key asks for a ticket (POST /stream/tickets); the answer sets it as
 * an HttpOnly, SameSite=Strict cookie scoped to /stream, so the key itself never travels in a
 * URL or sits in page script.
 *
 * A ticket is a signed token, `<keyId>.<expiry ms>.<HMAC-SHA256>`, not a server-side record, so
 * any instance accepts a ticket another issued. It is signed with the key's stored secret hash,
 * which every instance has (the key ring) and no client does; revoking the key therefore stops
 * its tickets on every instance at once, and the principal is always the key's current one.
 */
export class SseTickets {
  constructor(
    private readonly keys: KeyStore,
    readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(principal: Principal): { ticket: string; expiresAt: Date } {
    const expires = this.now() + this.ttlMs;
    const signature = this.sign(principal.keyId, expires);
    if (signature === null) throw new Error(`key ${principal.keyId} cannot sign a ticket`);
    return { ticket: `${principal.keyId}.${expires}.${signature}`, expiresAt: new Date(expires) };
  }

  /**
   * The principal of a live ticket, or null. A ticket may be redeemed more than once while it
   * lives, so EventSource can reconnect with Last-Event-ID.
   */
  redeem(ticket: string): Principal | null {
    const match = /^([0-9a-z]{16})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!match?.[1] || !match[2] || !match[3]) return null;
    const keyId = match[1];
    const expires = Number(match[2]);
    if (expires <= this.now()) return null;
    const expected = this.sign(keyId, expires);
    if (expected === null) return null;
    const a = Buffer.from(expected);
    const b = Buffer.from(match[3]);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    const key = this.keys.get(keyId);
    if (!key || key.revokedAt !== null) return null;
    return { keyId, name: key.name, role: key.role, portfolios: key.portfolios };
  }

  private sign(keyId: string, expires: number): string | null {
    const secretHash = this.keys.signingSecretOf(keyId);
    if (secretHash === null) return null;
    return createHmac('sha256', `sse-ticket\u0000${secretHash}`)
      .update(`${keyId}.${expires}`)
      .digest('base64url');
  }
}
