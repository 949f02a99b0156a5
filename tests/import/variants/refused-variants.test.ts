import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { runCli } from '../../../src/cli/main.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { bufferIo } from '../../cli/buffer-io.js';
import { tempDir } from '../../store/factories.js';
import { type SeedId, seedText } from '../helpers.js';
import { duplicatedRefColumn, mixedDateOrder, notAPlan, type Refused } from './refusal-variants.js';

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});

/** Runs `ledger import FILE --db …` in-process on a new ledger; its exit code, output and the events stored after. */
async function importFile(fileName: string, bytes: Uint8Array) {
  const dir = await tempDir('plan-ledger-refused-');
  dirs.push(dir);
  const file = path.join(dir.dir, fileName);
  writeFileSync(file, bytes);
  const db = path.join(dir.dir, 'ledger.sqlite');
  const io = bufferIo();
  const code = await runCli(['import', file, '--db', db, '--quiet'], io);
  const store = openSqliteStore({ path: db });
  try {
    return { code, said: `${io.out()}${io.err()}`, stored: (await store.readAll()).length };
  } finally {
    await store.close();
  }
}

const refusals: ReadonlyArray<[string, (seed: string) => Refused]> = [
  ['dates month first, one day first', mixedDateOrder],
  ['Ref column written twice, one row differing', duplicatedRefColumn],
];

describe.each(['002', '004', '000', '001'] as const)(
  'seed %s in a form that cannot be read without guessing',
  (id: SeedId) => {
    it.each(refusals)(
      'given %s, when imported, then it is refused naming the line and column, exit 1, and nothing is appended',
      async (_name, make) => {
        const variant = make(seedText(id));
        const { code, said, stored } = await importFile(variant.fileName, variant.bytes);
        expect(code, said).toBe(EXIT.failure);
        for (const line of variant.lines) expect(said).toContain(`line ${line}`);
        for (const column of variant.columns) expect(said).toContain(`column ${column}`);
        expect(said).toMatch(/Nothing was imported/);
        expect(stored).toBe(0);
      },
      60_000,
    );
  },
);

describe('a file that is not a plan', () => {
  it('given a duty rota saved as CSV, when imported, then it is refused saying what a plan needs, exit 1, and nothing is appended', async () => {
    const variant = notAPlan();
    const { code, said, stored } = await importFile(variant.fileName, variant.bytes);
    expect(code, said).toBe(EXIT.failure);
    expect(said).toMatch(
      /rota\.csv holds no improvement plan: no table was found whose title row names a Ref column/,
    );
    expect(stored).toBe(0);
  });
});
