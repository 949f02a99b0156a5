import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, parseToken, secretMatches } from '../../src/auth/api-key.js';
import { ensureAdminKey } from '../../src/auth/bootstrap.js';
import { openKeyStore } from '../../src/auth/key-store.js';
import { coversPortfolio } from '../../src/auth/principal.js';
import { roleAllows } from '../../src/auth/roles.js';
import { ValidationError } from '../../src/errors.js';
import { tempDir } from '../store/factories.js';

describe('API keys', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  async function store() {
    const { dir, remove } = await tempDir('plan-ledger-keys-');
    const keys = openKeyStore(join(dir, 'keys.sqlite'));
    cleanups.push(async () => {
      keys.close();
      await remove();
    });
    return { keys, file: join(dir, 'keys.sqlite') };
  }

  it('stores only a hash: the token authenticates, the file never contains the secret', async () => {
    const { keys, file } = await store();
    const { token, key } = keys.create({ name: 'dashboard', role: 'viewer' }, 'test');
    const secret = parseToken(token)?.secret ?? '';
    expect(secret).toHaveLength(43);
    keys.close();
    const reopened = openKeyStore(file);
    cleanups.push(async () => reopened.close());
    const bytes = await readFile(file);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(Buffer.from(hashSecret(secret)))).toBe(true);
    expect(reopened.authenticate(token)).toEqual({
      ok: true,
      principal: { keyId: key.keyId, name: 'dashboard', role: 'viewer', portfolios: [] },
    });
  });

  it('refuses a wrong secret, a malformed token, an unknown id and a revoked key', async () => {
    const { keys } = await store();
    const { token, key } = keys.create({ name: 'k', role: 'admin' }, 'test');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(keys.authenticate(tampered)).toEqual({ ok: false, reason: 'unknown' });
    expect(keys.authenticate('hunter2')).toEqual({ ok: false, reason: 'malformed' });
    expect(keys.authenticate(token.replace(key.keyId, 'zzzzzzzzzzzzzzzz'))).toEqual({
      ok: false,
      reason: 'unknown',
    });
    keys.revoke(key.keyId);
    expect(keys.authenticate(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(keys.list()[0]?.revokedAt).not.toBeNull();
  });

  it('compares secrets by hash in constant time', () => {
    expect(secretMatches('abc', hashSecret('abc'))).toBe(true);
    expect(secretMatches('abd', hashSecret('abc'))).toBe(false);
    expect(secretMatches('abc', 'not-hex')).toBe(false);
  });

  it('requires portfolios for contributors only', async () => {
    const { keys } = await store();
    expect(() => keys.create({ name: 'c', role: 'contributor' }, 'test')).toThrow(ValidationError);
    expect(() => keys.create({ name: 'm', role: 'manager', portfolios: ['X'] }, 'test')).toThrow(
      ValidationError,
    );
    const { key } = keys.create(
      { name: 'c', role: 'contributor', portfolios: ['Territorial Policing'] },
      'test',
    );
    expect(key.portfolios).toEqual(['Territorial Policing']);
  });

  it('creates one admin key on first start only', async () => {
    const { keys } = await store();
    const first = ensureAdminKey(keys);
    expect(first).toMatch(/^plk_/);
    expect(ensureAdminKey(keys)).toBeNull();
    expect(keys.list().map((k) => k.role)).toEqual(['admin']);
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
