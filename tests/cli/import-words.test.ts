import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/commands/import.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { seedText } from '../import/helpers.js';
import { seed004With } from '../import/seed-edits.js';
import { tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});
async function workDir() {
  const dir = await tempDir('plan-ledger-cli-import-words-');
  dirs.push(dir);
  return dir.dir;
}

/** Rule ids (`item.effective_before_received`) and command names are for machines only. */
const MACHINE_WORDS =
  /\b[a-z]+\.[a-z]+_[a-z_]+\b|\bFAILED\b|\bPostUpdate\b|\bitem-[0-9A-Z]{26}\b|\[[a-z]+\.[a-z_]+\]/;

describe('ledger import prints what a board secretary can act on', () => {
  it('given a Complete Yes/No cell that says "Yse", then the printed report names the line, the column, the value and what was expected, and the import goes ahead without it', async () => {
    const dir = await workDir();
    const file = path.join(dir, 'integrity.txt');
    writeFileSync(file, seed004With(15, { 'Complete Yes/No': 'Yse' }));
    const io = bufferIo();
    const code = await importCommand.run([file, '--db', path.join(dir, 'l.sqlite'), '--quiet'], io);
    expect(code).toBe(EXIT.ok);
    expect(io.out()).toMatch(/^integrity\.txt: imported$/m);
    expect(io.out()).toContain(
      '  integrity.txt, line 15: the Complete Yes/No column says "Yse"; expected Yes, No or N/A. The row was imported without a completion: correct the cell and import again to record it\n',
    );
  });

  it('given a row the ledger refuses, then the printed refusal names the line, column and item in words, says nothing was imported and what to do, and shows no rule id; exit 1', async () => {
    const dir = await workDir();
    const db = path.join(dir, 'l.sqlite');
    const first = path.join(dir, 'integrity.txt');
    writeFileSync(first, seedText('004'));
    expect(await importCommand.run([first, '--db', db, '--quiet'], bufferIo())).toBe(EXIT.ok);
    const next = path.join(dir, 'integrity-next.txt');
    writeFileSync(
      next,
      seed004With(15, {
        'Latest Update': 'Update 24 April 2009 - action reviewed.',
        'Date of Update': '24-Apr-09',
      }),
    );
    const io = bufferIo();
    const code = await importCommand.run([next, '--db', db, '--quiet'], io);
    expect(code).toBe(EXIT.failure);
    const out = io.out();
    expect(out).toMatch(/^integrity-next\.txt: failed$/m);
    expect(out).toContain(
      "  REFUSED integrity-next.txt, line 15, item 4: the item's progress update (column 6, Latest Update), its reopening (column 8, Complete Yes/No) and its RAG status (column 9, RAG Status) could not be recorded: 24 April 2009 is before item 4 was received (11 March 2015). Nothing from integrity-next.txt was imported: correct line 15 of the file (or the ledger, if the file is right) and import again\n",
    );
    expect(out).toContain(
      '  nothing from integrity-next.txt was imported: correct what the lines above name and import again\n',
    );
    expect(out).not.toMatch(MACHINE_WORDS);
    // The machine-readable answer keeps the rule.
    const json = bufferIo();
    await importCommand.run([next, '--db', db, '--quiet', '--json'], json);
    expect(json.out()).toContain('"rule": "item.effective_before_received"');
  });
});

describe("ledger import's summary lines", () => {
  it('given a first import into an empty ledger, then the summary counts rows, facts and records in words, with no store terms (streams, head, -1) and plurals right', async () => {
    const dir = await workDir();
    const file = path.join(dir, 'integrity.txt');
    writeFileSync(file, seedText('004'));
    const io = bufferIo();
    expect(await importCommand.run([file, '--db', path.join(dir, 'l.sqlite'), '--quiet'], io)).toBe(EXIT.ok);
    const summary = io.out().split('\n').slice(0, 7).join('\n');
    expect(summary).toMatch(/^ {2}rows: \d+ read, \d+ lines? skipped, \d+ warnings?$/m);
    expect(summary).toMatch(
      /^ {2}facts: (\d+) new, \1 written, 0 already imported, 0 already true in the ledger$/m,
    );
    expect(summary).toMatch(/^ {2}ledger position: empty before, \d+ after$/m);
    expect(summary).toMatch(
      /^ {2}facts the file does not date are recorded as of \d{1,2} [A-Z][a-z]+ \d{4}$/m,
    );
    expect(summary).not.toMatch(/\bstreams?\b|\bhead\b|-1\b|\b1 (lines|warnings)\b/);
  });
});
