import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../projections/as-of-index.js';
import { boardSnapshotDigest, boardSnapshotDigestBreathing } from '../../projections/board-snapshot.js';
import { runImport } from '../../src/import/record/run-import.js';
import { readSeed } from '../import/helpers.js';
import { importer, indexOf, tempLedger } from '../import/import-fixtures.js';

describe('the presented snapshot digest, hashed plan after plan', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  let index: AsOfIndex;
  let planIds: string[];
  beforeAll(async () => {
    ledger = await tempLedger();
    await runImport(ledger.store, readSeed('002').document, { actor: importer(), today: '2026-01-01' });
    index = await indexOf(ledger.store);
    planIds = [...index.plans.keys()];
  }, 60_000);
  afterAll(() => ledger.close());

  it.each([
    ['the paper date, known now', { asOf: '2011-04-27', knownAt: '2100-01-01T00:00:00.000Z' }],
    ['before the plans opened', { asOf: '2010-01-01', knownAt: '2100-01-01T00:00:00.000Z' }],
    ['known before the import', { asOf: '2011-04-27', knownAt: '2000-01-01T00:00:00.000Z' }],
  ])(
    'given seed 002’s six plans at %s, then it equals the one-pass digest, breathing once per plan',
    async (_what, at) => {
      expect(planIds.length).toBe(6);
      let breaths = 0;
      const breathing = await boardSnapshotDigestBreathing(index, [...planIds].reverse(), at, async () => {
        breaths++;
      });
      expect(breathing).toBe(boardSnapshotDigest(index, planIds, at));
      expect(breaths).toBe(planIds.length);
      // A different set of plans is a different digest (the comparison above can fail).
      expect(await boardSnapshotDigestBreathing(index, planIds.slice(1), at, async () => {})).not.toBe(
        breathing,
      );
    },
  );
});
