import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, parseToken, secretMatches } from '../../src/auth/api-key.js';
import { ensureAdminKey } from '../../src/auth/bootstrap.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { migrateLegacyKeyFile } from '../../src/auth/legacy-key-file.js';
import { coversPortfolio } from '../../src/auth/principal.js';
import { roleAllows } from '../../src/auth/roles.js';
import { KEYS_STREAM } from '../../src/domain/system-streams.js';
import { ValidationError } from '../../src/errors.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir, waitFor } from '../store/factories.js';

describe('API keys', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function ledger() {
    const { dir, remove } = await tempDir('plan-ledger-keys-');
    const file = join(dir, 'ledger.sqlite');
    const store = openSqliteStore({ path: file });
    cleanups.push(async () => {
      await store.close();
      await remove();
    });
    return { store, keys: await KeyStore.open(store), file, dir };
  }

  it('stores only a hash, as an event of the keys stream: the token authenticates after a reopen', async () => {
    // Given a key created through one key store
    const { keys, store, file } = await ledger();
    const { token, key } = await keys.create({ name: 'dashboard', role: 'viewer' }, 'test');
    const secret = parseToken(token)?.secret ?? '';
    expect(secret).toHaveLength(43);
    // Then the store holds its hash in the keys stream, never the secret
    const [event] = await store.readStream(KEYS_STREAM);
    expect(event?.type).toBe('ApiKeyCreated');
    expect(JSON.stringify(event)).not.toContain(secret);
    const bytes = await readFile(file);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    // And a key store opened afresh on the same ledger authenticates the token
    const reopened = await KeyStore.open(store);
    expect(reopened.authenticate(token)).toEqual({
      ok: true,
      principal: { keyId: key.keyId, name: 'dashboard', role: 'viewer', portfolios: [] },
    });
    expect(JSON.stringify(event?.data)).toContain(hashSecret(secret));
  });

  it('refuses a wrong secret, a malformed token, an unknown id and a revoked key', async () => {
    const { keys } = await ledger();
    const { token, key } = await keys.create({ name: 'k', role: 'admin' }, 'test');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(keys.authenticate(tampered)).toEqual({ ok: false, reason: 'unknown' });
    expect(keys.authenticate('hunter2')).toEqual({ ok: false, reason: 'malformed' });
    expect(keys.authenticate(token.replace(key.keyId, 'zzzzzzzzzzzzzzzz'))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    await keys.revoke(key.keyId);
    expect(keys.authenticate(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(keys.list()[0]?.revokedAt).not.toBeNull();
  });

  it('compares secrets by hash in constant time', () => {
    expect(secretMatches('abc', hashSecret('abc'))).toBe(true);
    expect(secretMatches('abd', hashSecret('abc'))).toBe(false);
    expect(secretMatches('abc', 'not-hex')).toBe(false);
  });

  it('requires portfolios for contributors only', async () => {
    const { keys } = await ledger();
    await expect(keys.create({ name: 'c', role: 'contributor' }, 'test')).rejects.toThrow(ValidationError);
    await expect(keys.create({ name: 'm', role: 'manager', portfolios: ['X'] }, 'test')).rejects.toThrow(
      ValidationError,
    );
    const { key } = await keys.create(
      { name: 'c', role: 'contributor', portfolios: ['Territorial Policing'] },
      'test',
    );
    expect(key.portfolios).toEqual(['Territorial Policing']);
  });

  it('creates one admin key on first start only, even when two instances start at once', async () => {
    const { keys, store } = await ledger();
    const other = await KeyStore.open(store);
    const [a, b] = await Promise.all([ensureAdminKey(keys), ensureAdminKey(other)]);
    expect([a, b].filter((t) => t !== null)).toHaveLength(1);
    expect(await ensureAdminKey(keys)).toBeNull();
    await other.refresh();
    expect(other.list().map((k) => k.role)).toEqual(['admin']);
  });

  it('a second key store on the same ledger learns of a new key, a scope change and a revocation', async () => {
    // Given two instances' key stores on one ledger
    const { keys, store } = await ledger();
    const other = await KeyStore.open(store);
    const { token, key } = await keys.create({ name: 'c', role: 'contributor', portfolios: ['A'] }, 'test');
    // When the other folds the events its subscription delivers
    for (const event of await store.readStream(KEYS_STREAM)) other.apply(event);
    expect(other.authenticate(token).ok).toBe(true);
    await keys.changeScope(key.keyId, { role: 'manager', portfolios: [] });
    await keys.revoke(key.keyId);
    // Then a gap (an event it missed) is filled by a read, not skipped
    const [, , revoked] = await store.readStream(KEYS_STREAM);
    if (revoked) other.apply(revoked);
    await waitFor(() => other.authenticate(token).ok === false, 2000, 'the revocation');
    expect(other.get(key.keyId)).toMatchObject({ role: 'manager', portfolios: [] });
  });

  it('moves the keys of an old keys.sqlite into the store once, tokens unchanged', async () => {
    // Given a key file as older versions wrote it: one live key, one revoked
    const { keys, dir, store } = await ledger();
    const legacy = join(dir, 'keys.sqlite');
    const db = new Database(legacy);
    db.exec(`CREATE TABLE api_keys (key_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
      portfolios TEXT NOT NULL, secret_hash TEXT NOT NULL, created_at TEXT NOT NULL,
      created_by TEXT NOT NULL, revoked_at TEXT) STRICT`);
    const secret = 'A'.repeat(43);
    const insert = db.prepare('INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    insert.run(
      'abcdefghjkmnpqrs',
      'old',
      'manager',
      '[]',
      hashSecret(secret),
      '2011-01-01T00:00:00.000Z',
      'cli',
      null,
    );
    insert.run(
      'bbcdefghjkmnpqrs',
      'gone',
      'viewer',
      '[]',
      hashSecret('B'.repeat(43)),
      '2011-01-02T00:00:00.000Z',
      'cli',
      '2011-02-01T00:00:00.000Z',
    );
    db.close();
    // When it is migrated twice (two starts, or two instances with a copy of the file)
    expect(await migrateLegacyKeyFile(keys, legacy)).toBe(3);
    expect(await migrateLegacyKeyFile(await KeyStore.open(store), legacy)).toBe(0);
    // Then the old token works, the revoked one stays revoked, and nothing was written twice
    expect(keys.authenticate(`plk_abcdefghjkmnpqrs_${secret}`)).toMatchObject({ ok: true });
    expect(keys.authenticate(`plk_bbcdefghjkmnpqrs_${'B'.repeat(43)}`)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(keys.get('abcdefghjkmnpqrs')?.createdAt).toBe('2011-01-01T00:00:00.000Z');
    expect(await store.readStream(KEYS_STREAM)).toHaveLength(3);
  });
});

describe('roles and scope', () => {
  it('ranks viewer < contributor < manager < admin', () => {
    expect(roleAllows('viewer', 'read')).toBe(true);
    expect(roleAllows('viewer', 'contribute')).toBe(false);
    expect(roleAllows('contributor', 'contribute')).toBe(true);
    expect(roleAllows('contributor', 'manage')).toBe(false);
    expect(roleAllows('manager', 'manage')).toBe(true);
    expect(roleAllows('manager', 'administer')).toBe(false);
    expect(roleAllows('admin', 'administer')).toBe(true);
  });

  it('matches a contributor to portfolio names ignoring case and spacing', () => {
    const p = { keyId: 'k', name: 'n', role: 'contributor' as const, portfolios: ['Territorial Policing'] };
    expect(coversPortfolio(p, ' territorial  policing')).toBe(true);
    expect(coversPortfolio(p, 'Protective Services')).toBe(false);
    expect(coversPortfolio({ ...p, role: 'manager', portfolios: [] }, 'Protective Services')).toBe(true);
  });
});
