import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { contentHash } from '../lib/hash.js';

/** A command's answer, kept so a retry with the same Idempotency-Key gets the same response. */
export interface StoredResponse {
  /** SHA-256 of what the request asked for (route, stream, If-Match, body). */
  fingerprint: string;
  status: number;
  etag: string | null;
  /** The JSON body as sent. */
  body: string;
}

const Row = z.object({
  fingerprint: z.string(),
  status: z.number().int(),
  etag: z.string().nullable(),
  body: z.string(),
});

/** How long a key is remembered: long enough for any client retry loop, short enough to stay small. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency-Key records, per principal (two callers may pick the same key without colliding).
 * This layer gives exact response replay and detects a key reused for a different request;
 * the events themselves are also deduplicated by the store (their ids derive from the key), so
 * a retry after a crash between append and record still appends nothing twice.
 * It shares the key store's file: both are API state that is not part of the ledger.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly now: () => number = Date.now,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    // Per connection, like the ledger's: an acknowledged answer must survive a power loss, or a
    // retry after it would be told "new request" and get a different answer.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      principal TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
      etag TEXT, body TEXT NOT NULL, stored_at INTEGER NOT NULL, PRIMARY KEY (principal, key)) STRICT`);
  }

  get(principal: string, key: string): StoredResponse | null {
    const row = this.db
      .prepare(
        'SELECT fingerprint, status, etag, body FROM idempotency WHERE principal = ? AND key = ? AND stored_at > ?',
      )
      .get(principal, key, this.now() - RETENTION_MS);
    return row === undefined ? null : Row.parse(row);
  }

  /** Keeps the first answer for a key: a racing duplicate does not overwrite it. */
  put(principal: string, key: string, response: StoredResponse): void {
    const now = this.now();
    this.db.prepare('DELETE FROM idempotency WHERE stored_at <= ?').run(now - RETENTION_MS);
    this.db
      .prepare(
        `INSERT OR IGNORE INTO idempotency (principal, key, fingerprint, status, etag, body, stored_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(principal, key, response.fingerprint, response.status, response.etag, response.body, now);
  }

  /** The connection's durability settings, as SQLite reports them (tests assert them). */
  settings(): { synchronous: number; journalMode: string } {
    return {
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
    };
  }

  close(): void {
    this.db.close();
  }
}

/** What makes two requests "the same" for an idempotency key. */
export function requestFingerprint(parts: Record<string, unknown>): string {
  return contentHash(parts);
}
