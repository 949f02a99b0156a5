import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportReport } from '../../src/import/record/import-report.js';
import { ISO_DATE, ULID } from '../domain/decider-spec.js';
import { SEED_FILES, seedText } from '../import/helpers.js';
import { seed004With } from '../import/seed-edits.js';
import { bearer, type TestLedger, testLedger } from './factories.js';

/** Rule ids (`item.effective_before_received`) and command names are for machines only. */
const MACHINE_WORDS = /\b[a-z]+\.[a-z]+_[a-z_]+\b|\bPostUpdate\b|\bChangeRag\b|\bitem-[0-9A-Z]{26}\b/;

/** The words of a refused POST /import (422), as a board secretary reads them in the answer. */
describe('POST /import refused: the 422 in the reader’s words', () => {
  let ledger: TestLedger;
  const post = async (fileName: string, content: string) => {
    const res = await ledger.app.inject({
      method: 'POST',
      url: '/import',
      headers: bearer(ledger.tokens.admin),
      payload: { fileName, content },
    });
    return { status: res.statusCode, report: ImportReport.parse(res.json()) };
  };

  beforeAll(async () => {
    ledger = await testLedger();
    expect((await post(SEED_FILES['004'], seedText('004'))).status).toBe(201);
  });
  afterAll(async () => ledger.close());

  it("given seed 004 imported, when a copy dates item 4's update in 2009, then 422 with ONE failure for line 15 naming the file, each refused fact, the cause in words; rules for machines", async () => {
    const head = await ledger.store.headPosition();
    const { status, report } = await post(
      'april-board.txt',
      seed004With(15, {
        'Latest Update': 'Update 24 April 2009 - action reviewed.',
        'Date of Update': '24-Apr-09',
      }),
    );
    expect(status).toBe(422);
    expect(report.status).toBe('failed');
    expect(report.failures).toHaveLength(1);
    const [failure] = report.failures;
    expect(failure).toMatchObject({ line: 15, rule: 'item.effective_before_received' });
    expect(failure?.message).toBe(
      "april-board.txt, line 15, item 4: the item's progress update (column 6, Latest Update), its reopening (column 8, Complete Yes/No) and its RAG status (column 9, RAG Status) could not be recorded: 24 April 2009 is before item 4 was received (11 March 2015). Nothing from april-board.txt was imported: correct line 15 of the file (or the ledger, if the file is right) and import again",
    );
    expect(failure?.refused?.map((r) => r.command)).toEqual(['PostUpdate', 'Reopen', 'ChangeRag']);
    // Every sentence of the answer names the file, and none carries an id, an ISO date or a rule id.
    const sentences = [
      ...report.failures.map((f) => f.message),
      ...[...report.warnings, ...report.notes, ...report.skipped].map((n) => n.message),
    ];
    for (const s of sentences) {
      expect(s.startsWith('april-board.txt'), s).toBe(true);
      expect(s).not.toMatch(ULID);
      expect(s).not.toMatch(ISO_DATE);
      expect(s).not.toMatch(MACHINE_WORDS);
    }
    expect(await ledger.store.headPosition()).toBe(head);
  });
});
