import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importCommand } from '../../src/cli/commands/import.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { ParsedDocument } from '../../src/import/parsed-document.js';
import { ImportReport } from '../../src/import/record/import-report.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { SEED_FILES, SEEDS_DIR } from '../import/helpers.js';
import { tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

const seed = (id: keyof typeof SEED_FILES) => path.join(SEEDS_DIR, SEED_FILES[id]);
const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});
async function dbPath() {
  const dir = await tempDir('plan-ledger-cli-import-');
  dirs.push(dir);
  return path.join(dir.dir, 'ledger.sqlite');
}
async function head(db: string) {
  const store = openSqliteStore({ path: db });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

describe('ledger import', () => {
  it('given --dry-run --json and one file, then stdout is exactly one ParsedDocument and nothing is appended', async () => {
    const db = await dbPath();
    const io = bufferIo();
    const code = await importCommand.run([seed('002'), '--dry-run', '--json', '--db', db, '--quiet'], io);
    expect(code).toBe(EXIT.ok);
    const document = ParsedDocument.parse(JSON.parse(io.out()));
    expect(document.inspections[0]?.plans).toHaveLength(6);
    expect(await head(db)).toBe(-1);
  });

  it('given --dry-run --json and several files, then one JSON document wrapping them in file order', async () => {
    const db = await dbPath();
    const io = bufferIo();
    await importCommand.run([seed('000'), seed('004'), '--dry-run', '--json', '--db', db, '--quiet'], io);
    const { documents } = z.strictObject({ documents: z.array(ParsedDocument) }).parse(JSON.parse(io.out()));
    // Only the file name is recorded: events are readable by every viewer, folders are not theirs.
    expect(documents.map((d) => d.source)).toEqual([SEED_FILES['000'], SEED_FILES['004']]);
  });

  it('given two seeds, then each is imported, reported, and a second run appends nothing', async () => {
    const db = await dbPath();
    const io = bufferIo();
    expect(await importCommand.run([seed('002'), seed('004'), '--json', '--db', db], io)).toBe(EXIT.ok);
    const { reports } = z.strictObject({ reports: z.array(ImportReport) }).parse(JSON.parse(io.out()));
    expect(reports.map((r) => r.events.appended)).toEqual([144, 105]);
    expect(await head(db)).toBe(248);
    const again = bufferIo();
    expect(await importCommand.run([seed('002'), seed('004'), '--db', db], again)).toBe(EXIT.ok);
    expect(again.out()).toContain(`${SEED_FILES['002']}: unchanged`);
    expect(await head(db)).toBe(248);
  });

  it('given --dry-run without --json, then the plan and the report are printed, with progress on stderr', async () => {
    const db = await dbPath();
    const io = bufferIo();
    await importCommand.run([seed('002'), '--dry-run', '--db', db], io);
    expect(io.out()).toContain('plan for');
    expect(io.out()).toMatch(
      /item AFI\.10 \(\d+\): RecommendationReceived@2011-02-23.*TransferredBetweenPortfolios@2011-03-24/,
    );
    // Each note names its file and line, its dates in words.
    expect(io.out()).toContain(
      `  ${SEED_FILES['002']}, line 116: the Date of Update (3 May 2011) is after the paper's own date`,
    );
    expect(io.err()).toMatch(/lines of 002_/);
  });

  it('given no file, then a usage error', async () => {
    await expect(importCommand.run(['--dry-run'], bufferIo())).rejects.toThrow(/at least one FILE/);
  });
});
