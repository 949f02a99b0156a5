import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { deterministicEventId } from '../domain/ids.js';
import type { KeyEventDraft, KeyStore } from './key-store.js';
import { Role } from './roles.js';

/**
 * Keys used to live in their own SQLite file beside each instance (`keys.sqlite`). On the first
 * start after the move to the store, the file's keys are copied into the `ledger-keys` stream
 * with their original ids, secret hashes and times, so every token keeps working. The event ids
 * derive from the key id, so a second run (or a second instance with the same file) adds nothing.
 */

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
const Portfolios = z.array(z.string());

const idFor = (keyId: string, what: string) =>
  deterministicEventId(`key-migration\u0000${keyId}\u0000${what}`);

/** Copies the keys of a legacy key file that the store does not hold yet; returns how many events were written. */
export async function migrateLegacyKeyFile(keys: KeyStore, path: string): Promise<number> {
  if (path === ':memory:' || !existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let rows: z.infer<typeof Row>[];
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'api_keys'")
      .get();
    if (table === undefined) return 0;
    rows = db
      .prepare('SELECT * FROM api_keys ORDER BY created_at, key_id')
      .all()
      .map((r) => Row.parse(r));
  } finally {
    db.close();
  }
  const drafts: KeyEventDraft[] = [];
  for (const row of rows) {
    const known = keys.get(row.key_id);
    if (!known) {
      drafts.push({
        eventId: idFor(row.key_id, 'created'),
        body: {
          type: 'ApiKeyCreated',
          data: {
            keyId: row.key_id,
            name: row.name,
            role: row.role,
            portfolios: Portfolios.parse(JSON.parse(row.portfolios)),
            secretHash: row.secret_hash,
            createdBy: row.created_by,
            createdAt: row.created_at,
          },
        },
      });
    }
    if (row.revoked_at !== null && (known?.revokedAt ?? null) === null) {
      drafts.push({
        eventId: idFor(row.key_id, 'revoked'),
        body: { type: 'ApiKeyRevoked', data: { keyId: row.key_id, revokedAt: row.revoked_at } },
      });
    }
  }
  if (drafts.length === 0) return 0;
  await keys.write(drafts, { id: 'migration', method: 'system', requestId: null, claimedName: null });
  return drafts.length;
}
