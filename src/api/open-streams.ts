import { RateLimitedError } from '../errors.js';

/** One open live stream: whose key holds it, and how to end it. */
interface OpenStream {
  keyId: string;
  end: () => void;
}

/**
 * The live streams (`GET /stream`) a server holds open. Streams are exempt from the request
 * rate limit (one request lasts hours), so they are bounded here instead: at most `perKey`
 * open at once for one key. Revoking a key ends its streams: `sweep` runs every
 * `sweepMs` (and the in-process revoke route calls `endKey` at once), because a key may be
 * revoked by another process sharing the key file (`ledger keys revoke`).
 */
export class OpenStreams {
  private readonly streams = new Set<OpenStream>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly perKey: number,
    private readonly isRevoked: (keyId: string) => boolean,
    private readonly sweepMs = 250,
  ) {}

  /** Registers a stream, or throws 429 when its key already holds `perKey`. Returns its remover. */
  add(keyId: string, end: () => void): () => void {
    let held = 0;
    for (const s of this.streams) if (s.keyId === keyId) held++;
    if (held >= this.perKey) {
      throw new RateLimitedError(
        `Key ${keyId} already holds ${held} open live streams (at most ${this.perKey}); close one (or reuse it) before opening another.`,
        5,
      );
    }
    const entry = { keyId, end };
    this.streams.add(entry);
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), this.sweepMs);
      this.timer.unref();
    }
    return () => {
      this.streams.delete(entry);
      if (this.streams.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Ends every stream of a key (it was revoked). */
  endKey(keyId: string): number {
    const ending = [...this.streams].filter((s) => s.keyId === keyId);
    for (const s of ending) s.end();
    return ending.length;
  }

  /** Ends the streams of keys revoked since they opened. */
  sweep(): void {
    const keyIds = new Set([...this.streams].map((s) => s.keyId));
    for (const keyId of keyIds) if (this.isRevoked(keyId)) this.endKey(keyId);
  }

  /** Ends everything (the app is closing). */
  endAll(): void {
    for (const s of [...this.streams]) s.end();
  }

  get size(): number {
    return this.streams.size;
  }
}
