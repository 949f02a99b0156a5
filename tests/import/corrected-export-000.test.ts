import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../src/import/read/read-document.js';
import { runImport } from '../../src/import/record/run-import.js';
import { SEED_FILES, SEEDS_DIR, seedText } from './helpers.js';
import { importer, tempLedger } from './import-fixtures.js';

/**
 * Seed 000 line 13 pastes its 23 Jan 2015 update twice, the first copy cut short. A later export
 * that keeps only the cut-short copy says nothing new (a truncated copy is not a contradiction);
 * one that rewords the 21 Nov 2014 response in the same cell is a correction of that response.
 */

const FULL_COPY =
  /Update 23 Jan 2015 from Territorial Policing - it is unlikely that this will be in place by March 2015 at there[^\t]*/;

function edited(edit: (line13: string) => string): string {
  const lines = seedText('000').split('\n');
  const line = lines[12] ?? '';
  if (!FULL_COPY.test(line) || !line.includes('All BTP officers have accesses'))
    throw new Error('seed 000 line 13 changed');
  lines[12] = edit(line);
  return lines.join('\n');
}

describe('later exports of seed 000 against what the ledger holds', () => {
  let ledger: Awaited<ReturnType<typeof tempLedger>>;
  const importText = async (name: string, text: string, refuseCorrections = false) => {
    const file = path.join(ledger.dir, name);
    writeFileSync(file, text);
    return (await runImport(ledger.store, await readDocument(file), { actor: importer(), refuseCorrections }))
      .report;
  };
  beforeAll(async () => {
    ledger = await tempLedger();
    const first = await runImport(ledger.store, await readDocument(path.join(SEEDS_DIR, SEED_FILES['000'])), {
      actor: importer(),
    });
    expect(first.report.status).toBe('imported');
  });
  afterAll(async () => ledger.close());

  it('given only the cut-short copy of the 23 Jan update left, then nothing is a contradiction and nothing is appended', async () => {
    const head = await ledger.store.headPosition();
    const report = await importText(
      '000-cut.txt',
      edited((l) => l.replace(FULL_COPY, '')),
      true,
    );
    expect([report.status, report.corrections, report.failures]).toEqual(['unchanged', [], []]);
    expect(await ledger.store.headPosition()).toBe(head);
  });

  it('given the 21 Nov 2014 response reworded, then it is refused naming line 13 and its column, or recorded as one correction of the response', async () => {
    const text = edited((l) => l.replace('All BTP officers have accesses', 'All BTP officers have access'));
    const refused = await importText('000-reworded.txt', text, true);
    expect(refused.failures.map((f) => f.message.split(': the ledger holds')[0])).toEqual([
      '000-reworded.txt, line 13, column 6 (Initial Response), item pg 54 paragraph 3.41 #3',
    ]);
    expect(refused.failures[0]?.message).toContain(
      'the response recorded on 21 November 2014 as “21 Nov 2014 - All BTP officers have accesses',
    );
    const recorded = await importText('000-reworded.txt', text);
    expect(recorded.events.byType).toEqual({ EntryCorrected: 1 });
    expect(recorded.corrections.map((c) => [c.line, c.fact])).toEqual([[13, 'response']]);
  });
});
