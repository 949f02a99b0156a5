import { describe, expect, it } from 'vitest';
import { readDocumentBytesTraced } from '../../src/import/read/read-document.js';
import { renderReport } from '../../src/import/record/import-report.js';
import { runImport } from '../../src/import/record/run-import.js';
import { allItems, itemAt, seedText } from './helpers.js';
import { importer, tempLedger } from './import-fixtures.js';
import { seed004With } from './seed-edits.js';

async function read(text: string) {
  return (await readDocumentBytesTraced(new TextEncoder().encode(text), '004-edited.txt')).document;
}

/** Decider rule ids look like `item.closed`; none belongs in a sentence a person reads. */
const RULE_ID = /\b[a-z]+\.[a-z]+_[a-z_]+\b|\bitem\.closed\b/;

describe('unreadable cells, in the words of the person who filled them in (line 15 of seed 004, item 4)', () => {
  it('given the Complete column says "Yse", then the warning names the line and column, the value, what was expected and what happened', async () => {
    const doc = await read(seed004With(15, { 'Complete Yes/No': 'Yse' }));
    expect(doc.warnings).toContainEqual({
      line: 15,
      reason:
        'the Complete Yes/No column says "Yse"; expected Yes, No or N/A. The row was imported without a completion: correct the cell and import again to record it',
    });
    // Imported without it, as the sentence says: the item is there, with no completion.
    expect(itemAt(doc, 15)).toMatchObject({ ref: '4', complete: null });
  });

  it('given the RAG Status column says "Gren", then the warning quotes it as written and lists the RAG values', async () => {
    const doc = await read(seed004With(15, { 'RAG Status': 'Gren' }));
    expect(doc.warnings).toContainEqual({
      line: 15,
      reason:
        'the RAG Status column says "Gren"; expected Red, Amber, Green, Complete or N/A. The row was imported without a RAG status: correct the cell and import again to record it',
    });
    expect(itemAt(doc, 15).rag).toBeNull();
  });

  it('given the Due Date column says "31st Agust", then the warning says a date was expected and the item has no due date', async () => {
    const doc = await read(seed004With(15, { 'Due Date': '31st Agust' }));
    expect(doc.warnings).toContainEqual({
      line: 15,
      reason:
        'the Due Date column says "31st Agust"; expected a date such as 31-Mar-2015, 31/03/2015 or 31 March 2015, or N/A. The row was imported without a due date: correct the cell and import again to record it',
    });
    expect(itemAt(doc, 15)).toMatchObject({ dueDate: null, dueText: '31st Agust' });
    // Every other row is read as before.
    expect(allItems(doc)).toHaveLength(allItems(await read(seedText('004'))).length);
  });
});

/** Item 4's latest update re-dated to 2009, years before the ledger received the item. */
const earlyUpdate = () =>
  seed004With(15, {
    'Latest Update': 'Update 24 April 2009 - action reviewed.',
    'Date of Update': '24-Apr-09',
  });

describe('an update whose own date cannot be read', () => {
  it('given item 4\'s latest update dated "31 Febtember 2015", then the warning quotes its start, says a date was expected and which date it took instead', async () => {
    const doc = await read(
      seed004With(15, { 'Latest Update': 'Update 31 Febtember 2015 - reviewed by the group.' }),
    );
    expect(doc.warnings).toContainEqual({
      line: 15,
      reason:
        'an update starts "Update 31 Febtember 2015 - reviewed by t" but its date cannot be read; expected a date such as 24 April 2015. It was imported dated by the row\'s Date of Update (2015-08-24): correct the date and import again to record it',
    });
    expect(itemAt(doc, 15).updates.map((u) => u.effectiveOn)).toEqual(['2015-08-24']);
  });
});

describe('a row the ledger refuses, in words', () => {
  it("given seed 004 imported, when a copy dates item 4's update before the item was received, then each refusal names line, column and item in words, with no rule id; the rule stays for machines", async () => {
    const ledger = await tempLedger();
    try {
      await runImport(ledger.store, await read(seedText('004')), { actor: importer(), today: '2026-12-01' });
      const head = await ledger.store.headPosition();
      const { report } = await runImport(ledger.store, await read(earlyUpdate()), {
        actor: importer(),
        today: '2026-12-01',
      });
      expect(report.status).toBe('failed');
      // One failure for the row, naming each fact it could not record and the one cause.
      expect(report.failures.map((f) => [f.line, f.rule])).toEqual([[15, 'item.effective_before_received']]);
      const [update] = report.failures;
      expect(update?.refused?.map((r) => [r.command, r.rule, r.column?.number])).toEqual([
        ['PostUpdate', 'item.effective_before_received', 6],
        ['Reopen', 'item.effective_before_received', 8],
        ['ChangeRag', 'item.effective_before_received', 9],
      ]);
      expect(update?.message).toBe(
        "004-edited.txt, line 15, item 4: the item's progress update (column 6, Latest Update), its reopening (column 8, Complete Yes/No) and its RAG status (column 9, RAG Status) could not be recorded: 24 April 2009 is before item 4 was received (11 March 2015). Nothing from 004-edited.txt was imported: correct line 15 of the file (or the ledger, if the file is right) and import again",
      );
      for (const f of report.failures) {
        expect(f.message).not.toMatch(RULE_ID);
        expect(f.message).not.toContain(f.command);
        expect(f.message).not.toContain(f.streamId);
      }
      const printed = renderReport(report);
      expect(printed).toContain(`  REFUSED ${update?.message}`);
      expect(printed).toContain(
        '  nothing from 004-edited.txt was imported: correct what the lines above name and import again',
      );
      expect(printed).not.toMatch(RULE_ID);
      expect(await ledger.store.headPosition()).toBe(head);
    } finally {
      await ledger.close();
    }
  });
});
