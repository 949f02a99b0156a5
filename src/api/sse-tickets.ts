import { randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal.js';

/**
 * Short-lived tickets for the browser's EventSource, which cannot send an Authorization
 * header. A caller with a key asks for a ticket (POST /stream/tickets); the answer sets it as
 * an HttpOnly, SameSite=Strict cookie scoped to /stream, so the key itself never travels in a
 * URL or sits in page script. Tickets live in memory: a restart simply makes clients ask again.
 */
export class SseTickets {
  private readonly tickets = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(principal: Principal): { ticket: string; expiresAt: Date } {
    this.sweep();
    const ticket = randomBytes(32).toString('base64url');
    const expires = this.now() + this.ttlMs;
    this.tickets.set(ticket, { principal, expires });
    return { ticket, expiresAt: new Date(expires) };
  }

  /**
   * The principal of a live ticket, or null. A ticket may be redeemed more than once while it
   * lives, so EventSource can reconnect with Last-Event-ID.
   */
  redeem(ticket: string): Principal | null {
    const found = this.tickets.get(ticket);
    if (!found) return null;
    if (found.expires <= this.now()) {
      this.tickets.delete(ticket);
      return null;
    }
    return found.principal;
  }

  private sweep(): void {
    const now = this.now();
    for (const [ticket, { expires }] of this.tickets) if (expires <= now) this.tickets.delete(ticket);
  }
}
