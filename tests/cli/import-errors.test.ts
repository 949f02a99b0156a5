import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/commands/import.js';
import { CliError, EXIT } from '../../src/cli/exit-codes.js';
import { seedText } from '../import/helpers.js';
import { tempDir } from '../store/factories.js';
import { bufferIo } from './buffer-io.js';

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});
async function workDir() {
  const dir = await tempDir('plan-ledger-cli-import-errors-');
  dirs.push(dir);
  return dir.dir;
}

describe("ledger import, in a board secretary's words", () => {
  it('given a file that does not exist, then one line saying so (not a raw ENOENT) and exit 1', async () => {
    const dir = await workDir();
    const error = await importCommand
      .run([path.join(dir, 'nope.txt'), '--db', path.join(dir, 'l.sqlite'), '--quiet'], bufferIo())
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/nope\.txt does not exist: check the file name and folder$/);
    expect((error as CliError).message).not.toContain('ENOENT');
    expect((error as CliError).exitCode).toBe(EXIT.failure);
  });

  it('given progress shown, then it counts "n/total lines of FILE read", never "1 lines of"', async () => {
    const dir = await workDir();
    const file = path.join(dir, 'plan.txt');
    writeFileSync(file, seedText('004'));
    const io = bufferIo();
    const code = await importCommand.run([file, '--db', path.join(dir, 'l.sqlite'), '--progress'], io);
    expect(code).toBe(EXIT.ok);
    expect(io.err()).toMatch(/34\/34 lines of plan\.txt read \(100%\)/);
    expect(io.err()).not.toMatch(/\b1 lines\b/);
    expect(io.err()).not.toMatch(/\b1 streams\b/);
  });
});
