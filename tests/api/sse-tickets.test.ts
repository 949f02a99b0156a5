import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SseTickets } from '../../src/api/sse-tickets.js';
import { KeyStore } from '../../src/auth/key-store.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../store/factories.js';

describe('SSE tickets', () => {
  let store: SqliteEventStore | undefined;
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await store?.close();
    await remove?.();
  });

  it('a ticket issued by one instance is accepted by another, until it expires or its key is revoked', async () => {
    // Given two instances' key stores on one ledger, and a viewer key
    const dir = await tempDir('plan-ledger-tickets-');
    remove = dir.remove;
    store = openSqliteStore({ path: join(dir.dir, 'ledger.sqlite') });
    const keysA = await KeyStore.open(store);
    const keysB = await KeyStore.open(store);
    const { key } = await keysA.create({ name: 'dashboard', role: 'viewer' }, 'test');
    await keysB.refresh();
    let now = 1_000_000;
    const onA = new SseTickets(keysA, 60_000, () => now);
    const onB = new SseTickets(keysB, 60_000, () => now);
    // When A issues a ticket
    const { ticket } = onA.issue({ keyId: key.keyId, name: key.name, role: key.role, portfolios: [] });
    // Then B redeems it as the key's principal; a tampered one is refused
    expect(onB.redeem(ticket)).toEqual({
      keyId: key.keyId,
      name: 'dashboard',
      role: 'viewer',
      portfolios: [],
    });
    expect(onB.redeem(`${ticket.slice(0, -1)}${ticket.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(onB.redeem(ticket.replace(/\.(\d+)\./, (_, n) => `.${Number(n) + 1}.`))).toBeNull();
    // And it stops at its expiry, or at once when the key is revoked
    now += 60_000;
    expect(onB.redeem(ticket)).toBeNull();
    now -= 30_000;
    expect(onB.redeem(ticket)).not.toBeNull();
    await keysA.revoke(key.keyId);
    await keysB.refresh();
    expect(onB.redeem(ticket)).toBeNull();
  });
});
