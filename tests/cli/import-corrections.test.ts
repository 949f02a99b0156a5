import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/commands/import.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { SEED_FILES, SEEDS_DIR, seedText } from '../import/helpers.js';
import { tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

/**
 * `ledger import` of a corrected board paper (seed 002, 27 April 2011) after the original: R.2's
 * management response reworded (line 111) and R.5 re-rated Red instead of Amber (line 112).
 */

function corrected002(): string {
  const lines = seedText('002').split('\n');
  const response = lines[110] ?? '';
  if (!response.includes('A review of all seven BTP Areas')) throw new Error('seed 002 line 111 changed');
  lines[110] = response.replace('A review of all seven BTP Areas', 'A review of all eight BTP Areas');
  const rag = (lines[111] ?? '').split('\t');
  if (rag[6]?.trim() !== 'AMBER') throw new Error('seed 002 line 112 changed');
  rag[6] = 'RED';
  lines[111] = rag.join('\t');
  return lines.join('\n');
}

describe('ledger import of a corrected paper', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let db: string;
  let file: string;
  const head = async () => {
    const store = openSqliteStore({ path: db });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  };
  const ledger = async (...args: string[]) => {
    const io = bufferIo();
    const code = await importCommand.run([file, '--db', db, '--quiet', ...args], io);
    return { code, out: io.out() };
  };

  beforeAll(async () => {
    dir = await tempDir('plan-ledger-cli-corrections-');
    db = path.join(dir.dir, 'ledger.sqlite');
    file = path.join(dir.dir, '002 (corrected).txt');
    writeFileSync(file, corrected002());
    const io = bufferIo();
    expect(
      await importCommand.run([path.join(SEEDS_DIR, SEED_FILES['002']), '--db', db, '--quiet'], io),
    ).toBe(EXIT.ok);
  });
  afterAll(async () => dir.remove());

  it('given --no-corrections, then it exits 1 naming both lines and columns, what the ledger holds and what the file says, and appends nothing', async () => {
    const before = await head();
    const { code, out } = await ledger('--no-corrections');
    expect(code).toBe(EXIT.failure);
    expect(out).toMatch(/^002 \(corrected\)\.txt: failed$/m);
    const refused = out.split('\n').filter((l) => l.startsWith('  REFUSED'));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(
      /^ {2}REFUSED 002 \(corrected\)\.txt, line 111, column 5 \([^)]+\), item R\.2: the ledger holds the response recorded on 7 April 2011 as “A review of all seven BTP Areas.*” \(from 002_b51d5797fa80d023\.txt, line 111\), but this file says “A review of all eight BTP Areas.*”\. Nothing was imported\./,
    );
    expect(refused[1]).toMatch(
      /^ {2}REFUSED 002 \(corrected\)\.txt, line 112, column 7 \(RAG[^)]*\), item R\.5: the ledger holds the RAG status on 27 April 2011 as Amber \(from 002_b51d5797fa80d023\.txt, line 112\), but this file says Red\./,
    );
    expect(await head()).toBe(before);
  });

  it('given --dry-run, then the plan shows the two corrections, the report lists them, and nothing is appended', async () => {
    const before = await head();
    const { code, out } = await ledger('--dry-run');
    expect(code).toBe(EXIT.ok);
    expect(out.match(/EntryCorrected@2011-04-27/g)).toHaveLength(2);
    expect(out).toContain('corrections would be recorded: the file differs from what the ledger holds (2):');
    expect(out).toMatch(
      /^ {2}002 \(corrected\)\.txt, line 111, column 5 .*item R\.2: the ledger holds the response/m,
    );
    expect(out).toMatch(
      /^ {2}002 \(corrected\)\.txt, line 112, column 7 .*item R\.5: the ledger holds the RAG status on 27 April 2011 as Amber/m,
    );
    expect(await head()).toBe(before);
  });

  it('given no option, then the two corrections are recorded and listed, and a second run appends nothing', async () => {
    const before = await head();
    const { code, out } = await ledger();
    expect(code).toBe(EXIT.ok);
    expect(out).toContain('by type: EntryCorrected 2');
    expect(out).toContain('corrections recorded: the file differs from what the ledger holds (2):');
    expect(await head()).toBe(before + 2);
    const again = await ledger();
    expect(again.out).toMatch(/: unchanged$/m);
    expect(await head()).toBe(before + 2);
  });
});
