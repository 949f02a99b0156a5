import { RateLimitedError } from '../errors.js';

/**
 * Failed authentications per address in a sliding window. A guessing client (random keys, a
 * revoked key retried in a loop) is refused with 429 before its key is even looked at, so
 * guessing costs time and is visible in the log; a caller with a good key from another address
 * is untouched. In memory: a restart forgets, which only helps an attacker by one window.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    /** Failures allowed per address per window. */
    readonly max = 20,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 when the address has used up its failures; the window slides. */
  check(address: string): void {
    const recent = this.recent(address);
    if (recent.length < this.max) return;
    const oldest = recent[0] ?? this.now();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
    throw new RateLimitedError(
      `Too many failed authentications from this address (${this.max} in ${this.windowMs / 1000} s); retry after ${retryAfterSeconds} s with a valid key.`,
      retryAfterSeconds,
    );
  }

  /** Records one failure; returns how many the address has in the window. */
  record(address: string): number {
    const recent = this.recent(address);
    recent.push(this.now());
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.sweep();
    return recent.length;
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private sweep(): void {
    const since = this.now() - this.windowMs;
    for (const [address, times] of this.failures) {
      if (times.every((t) => t <= since)) this.failures.delete(address);
    }
  }
}
