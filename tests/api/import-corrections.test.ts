import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemHistory } from '../../projections/item-history.js';
import { ImportReport } from '../../src/import/record/import-report.js';
import { correctedSeed004, RAG_LINE, UPDATE_LINE } from '../import/corrected-seeds.js';
import { SEED_FILES, seedText } from '../import/helpers.js';
import { bearer, type TestLedger, testLedger } from './factories.js';

/** POST /import of a corrected export: `noCorrections` refuses it (422), else corrections are recorded and shown in history. */
describe('POST /import of a corrected export', () => {
  let ledger: TestLedger;
  const post = async (payload: Record<string, unknown>) => {
    const res = await ledger.app.inject({
      method: 'POST',
      url: '/import',
      headers: bearer(ledger.tokens.admin),
      payload: { fileName: '004-corrected.txt', content: correctedSeed004(), ...payload },
    });
    return { status: res.statusCode, report: ImportReport.parse(res.json()) };
  };

  beforeAll(async () => {
    ledger = await testLedger();
    const first = await post({ fileName: SEED_FILES['004'], content: seedText('004') });
    expect(first.status).toBe(201);
  });
  afterAll(async () => ledger.close());

  it('given noCorrections, then 422 with one import.contradiction per difference, naming line and column, and the head unchanged', async () => {
    const head = await ledger.store.headPosition();
    const { status, report } = await post({ noCorrections: true });
    expect(status).toBe(422);
    expect(report.failures.map((f) => [f.line, f.rule])).toEqual([
      [UPDATE_LINE, 'import.contradiction'],
      [RAG_LINE, 'import.contradiction'],
    ]);
    expect(report.failures[1]?.message).toMatch(
      /^004-corrected\.txt, line 33, column 9 \(RAG Status\), .* as Amber .* says Red\./,
    );
    expect(await ledger.store.headPosition()).toBe(head);
  });

  it('given dryRun, then 200 listing the corrections, nothing appended', async () => {
    const head = await ledger.store.headPosition();
    const { status, report } = await post({ dryRun: true });
    expect([status, report.status]).toEqual([200, 'dry-run']);
    expect(report.corrections.map((c) => [c.line, c.fact, c.held, c.says])).toEqual([
      [UPDATE_LINE, 'update', expect.any(String), expect.any(String)],
      [RAG_LINE, 'rag', 'Amber', 'Red'],
    ]);
    expect(await ledger.store.headPosition()).toBe(head);
  });

  it('when imported, then the item history shows the correction beside the rating, with who made it and the corrected file’s cell', async () => {
    const { status, report } = await post({});
    expect([status, report.events.byType]).toEqual([201, { EntryCorrected: 2 }]);
    const target = report.corrections.find((c) => c.fact === 'rag');
    const res = await ledger.app.inject({
      method: 'GET',
      url: `/items/${target?.streamId.slice('item-'.length)}/history`,
      headers: bearer(ledger.tokens.viewer),
    });
    const entry = ItemHistory.parse(res.json()).entries.find((e) => e.eventId === target?.correctsEventId);
    expect(entry).toMatchObject({
      type: 'RagChanged',
      data: { to: 'RED' },
      originalData: { to: 'AMBER' },
      by: `admin importing ${SEED_FILES['004']}`,
      provenance: { fileName: SEED_FILES['004'], line: RAG_LINE },
    });
    expect(entry?.fixes).toEqual([
      expect.objectContaining({
        type: 'EntryCorrected',
        fields: { to: 'RED' },
        by: 'admin importing 004-corrected.txt',
        provenance: expect.objectContaining({
          fileName: '004-corrected.txt',
          line: RAG_LINE,
          column: { number: 9, title: 'RAG Status' },
        }),
      }),
    ]);
  });
});
