import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes, xlsxBytes, zipBomb } from './hostile-files.js';

const dir = mkdtempSync(join(tmpdir(), 'hostile-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1024 * 1024;

interface Outcome {
  file: string;
  ms: number;
  refusal: string | null;
  beforeMb: number;
  peakMb: number;
}

/** Imports the files, one after another, in a process of their own (dry run). */
async function importAlone(files: Array<{ name: string; bytes: Uint8Array }>): Promise<Outcome[]> {
  const paths = files.map(({ name, bytes }) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
  const child = join(import.meta.dirname, 'read-child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, ...paths], {
    maxBuffer: MB,
  });
  return JSON.parse(stdout) as Outcome[];
}

const cases: Array<[string, string, () => Promise<Uint8Array>, RegExp]> = [
  [
    'one cell at GR200000',
    'far.xlsx',
    () =>
      xlsxBytes((s) => {
        s.getCell('A1').value = 'Ref';
        s.getCell('GR200000').value = 'far away';
      }),
    /row 200000: more than 50,000 rows/,
  ],
  [
    'a zip bomb declaring 512 MB',
    'bomb.xlsx',
    () => zipBomb(512 * MB),
    /would unpack to 512 MB, more than the 64 MB/,
  ],
  [
    'a zip bomb that declares 1 KB and inflates to 512 MB',
    'liar.xlsx',
    () => zipBomb(512 * MB, 1024),
    /unpacks to more than it declares \(1024 bytes\)/,
  ],
  [
    'random bytes named .xlsx',
    'random.xlsx',
    async () => randomBytes(64 * 1024),
    /not a readable XLSX workbook/,
  ],
  ['random bytes named .csv', 'random.csv', async () => randomBytes(64 * 1024), /import\.no_plan/],
  ['an empty .xlsx', 'empty.xlsx', async () => new Uint8Array(), /not a readable XLSX workbook/],
  [
    'an empty .txt',
    'empty.txt',
    async () => new Uint8Array(),
    /import\.no_plan: empty\.txt holds no improvement plan/,
  ],
  [
    'a workbook cut in half',
    'truncated.xlsx',
    async () => {
      const good = await xlsxBytes((s) => {
        s.getCell('A1').value = 'Ref';
      });
      return good.slice(0, Math.floor(good.length / 2));
    },
    /not a readable XLSX workbook/,
  ],
];

describe('hostile files are refused within 5 s, in bounded memory, in a process of their own', () => {
  it('given each hostile file, when imported, then it is refused with its reason, within 5 s, its reading adding under 200 MB to the peak RSS', async () => {
    const files = await Promise.all(cases.map(async ([, name, make]) => ({ name, bytes: await make() })));
    const outcomes = await importAlone(files);
    cases.forEach(([what, name, , expected], i) => {
      const outcome = outcomes[i];
      const size = files[i]?.bytes.length ?? 0;
      expect(outcome?.file).toBe(name);
      if (!outcome) return;
      console.info(
        `${what} (${Math.round(size / 1024)} KB): refused in ${Math.round(outcome.ms)} ms; process peak RSS ${Math.round(outcome.peakMb)} MB (${Math.round(outcome.beforeMb)} MB before it) — ${outcome.refusal?.slice(0, 120)}`,
      );
      expect(outcome.refusal, what).toMatch(expected);
      expect(outcome.ms, what).toBeLessThan(5000);
      // Whatever the file claims, reading it costs no more than a modest plan would.
      expect(outcome.peakMb - outcome.beforeMb, what).toBeLessThan(200);
    });
  }, 120_000);
});
