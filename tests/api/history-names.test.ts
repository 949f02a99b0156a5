import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ItemHistory } from '../../projections/item-history.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { bearer, type Seeded, seed, type TestLedger, testLedger } from './factories.js';

/** Auditors read who did it: the key's name, or the import's operator and file, with where it came from. */
describe('item history names who did it and where an imported entry came from', () => {
  let ledger: TestLedger;
  let ids: Seeded;
  beforeAll(async () => {
    ledger = await testLedger();
    ids = await seed(ledger);
    const content = readFileSync(path.join(SEEDS_DIR, SEED_FILES['002']), 'utf8');
    const res = await ledger.app.inject({
      method: 'POST',
      url: '/import',
      headers: bearer(ledger.tokens.admin),
      payload: { fileName: '002.txt', content },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => ledger.close());

  const history = async (itemId: string) => {
    const res = await ledger.app.inject({
      method: 'GET',
      url: `/items/${itemId}/history`,
      headers: bearer(ledger.tokens.viewer),
    });
    expect(res.statusCode).toBe(200);
    return ItemHistory.parse(res.json());
  };

  it('given an item typed in with the manager key, then every reader sees the key’s name, not only its id', async () => {
    const { entries } = await history(ids.tpItemId);
    expect(entries[0]?.by).toBe('manager');
    expect(entries[0]?.provenance).toBeNull();
  });

  it('given an imported item, then its entries name the operator and the file, the line, and mark imputed dates', async () => {
    const events = await ledger.store.readAll();
    const received = events.find((e) => e.type === 'RecommendationReceived' && e.actor.method === 'import');
    const itemId = z.object({ itemId: z.string() }).parse(received?.data).itemId;
    const { entries } = await history(itemId);
    expect(entries.every((e) => e.by === 'admin importing 002.txt')).toBe(true);
    expect(entries.every((e) => e.provenance?.fileName === '002.txt')).toBe(true);
    expect(entries.some((e) => e.provenance?.line !== null)).toBe(true);
  });

  it('given an imported fact whose date the paper does not state, then its history entry marks it imputed', async () => {
    const imputed = (await ledger.store.readAll()).find(
      (e) => e.streamId.startsWith('item-') && e.provenance?.dateStated === false,
    );
    expect(imputed).toBeDefined();
    const { entries } = await history(imputed?.streamId.slice('item-'.length) ?? '');
    const entry = entries.find((e) => e.eventId === imputed?.eventId);
    expect(entry?.provenance).toMatchObject({ dateStated: false, dateFrom: imputed?.provenance?.dateFrom });
  });
});
