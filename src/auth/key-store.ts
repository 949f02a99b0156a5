import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { fieldIssues, NotFoundError, ValidationError } from '../errors.js';
import { formatToken, hashSecret, newKeyId, newSecret, parseToken, secretMatches } from './api-key.js';
import { CreatedKey, CreateKeyInput, type KeyInfo } from './key-schema.js';
import type { Principal } from './principal.js';
import { Role } from './roles.js';

/**
 * Why a presented key was refused; all of them answer 401, but the reason goes to the log so an
 * operator can tell a typo from a revoked key.
 */
export type AuthFailure = 'malformed' | 'unknown' | 'revoked';
export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: AuthFailure };

const Row = z.object({
  key_id: z.string(),
  name: z.string(),
  role: Role,
  portfolios: z.string(),
  secret_hash: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().nullable(),
});
type Row = z.infer<typeof Row>;
const Portfolios = z.array(z.string());

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  key_id      TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL,
  portfolios  TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
`;

function toInfo(row: Row): KeyInfo {
  return {
    keyId: row.key_id,
    name: row.name,
    role: row.role,
    portfolios: Portfolios.parse(JSON.parse(row.portfolios)),
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}

/**
 * API keys live in their own SQLite file next to the ledger (default `data/keys.sqlite`), not
 * in the ledger: every viewer may read the raw ledger, and key hashes and scopes are not theirs
 * to read. Keys are never deleted, only revoked, so an event's actor always resolves to a key.
 */
export class KeyStore {
  private readonly db: Database.Database;

  constructor(
    path: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  /** Creates a key and returns its token: the only time the token exists outside the caller. */
  create(input: CreateKeyInput, createdBy: string): CreatedKey {
    const parsed = CreateKeyInput.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError('the key is invalid', fieldIssues(parsed.error));
    }
    const keyId = newKeyId();
    const secret = newSecret();
    const row: Row = {
      key_id: keyId,
      name: parsed.data.name,
      role: parsed.data.role,
      portfolios: JSON.stringify(parsed.data.portfolios),
      secret_hash: hashSecret(secret),
      created_at: this.clock().toISOString(),
      created_by: createdBy,
      revoked_at: null,
    };
    this.db
      .prepare(
        `INSERT INTO api_keys (key_id, name, role, portfolios, secret_hash, created_at, created_by, revoked_at)
         VALUES (@key_id, @name, @role, @portfolios, @secret_hash, @created_at, @created_by, @revoked_at)`,
      )
      .run(row);
    return CreatedKey.parse({ key: toInfo(row), token: formatToken(keyId, secret) });
  }

  list(): KeyInfo[] {
    return this.db
      .prepare('SELECT * FROM api_keys ORDER BY created_at, key_id')
      .all()
      .map((r) => toInfo(Row.parse(r)));
  }

  get(keyId: string): KeyInfo | null {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE key_id = ?').get(keyId);
    return row === undefined ? null : toInfo(Row.parse(row));
  }

  /** Revokes a key (idempotent: revoking twice keeps the first revocation time). */
  revoke(keyId: string): KeyInfo {
    this.db
      .prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL')
      .run(this.clock().toISOString(), keyId);
    const key = this.get(keyId);
    if (!key) throw new NotFoundError('api key', keyId);
    return key;
  }

  /** Number of keys that can still authenticate. */
  activeCount(): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL').get();
    return z.object({ n: z.number().int() }).parse(row).n;
  }

  /** Checks a presented token; the secret is compared in constant time. */
  authenticate(token: string): AuthResult {
    const parsed = parseToken(token);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const found = this.db.prepare('SELECT * FROM api_keys WHERE key_id = ?').get(parsed.keyId);
    if (found === undefined) {
      // Spend the same work as a real comparison so an unknown id is not told apart by timing.
      secretMatches(parsed.secret, '0'.repeat(64));
      return { ok: false, reason: 'unknown' };
    }
    const row = Row.parse(found);
    if (!secretMatches(parsed.secret, row.secret_hash)) return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    const info = toInfo(row);
    return {
      ok: true,
      principal: { keyId: info.keyId, name: info.name, role: info.role, portfolios: info.portfolios },
    };
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (creating if needed) the key store at `path`. */
export function openKeyStore(path: string, clock?: () => Date): KeyStore {
  return new KeyStore(path, clock);
}
