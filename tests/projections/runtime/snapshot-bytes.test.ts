import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SnapshotFile } from '../../../projections/runtime/snapshot-bytes.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function givenFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-snapshot-bytes-'));
  dirs.push(dir);
  const path = join(dir, 'as-of-index.snapshot');
  await writeFile(path, text);
  return path;
}

const readAt = (file: SnapshotFile, offset: number, length: number): string => {
  const into = Buffer.alloc(length);
  file.read(into, offset);
  return into.toString('latin1');
};

describe('the open snapshot file a restored index reads its bodies from', () => {
  it('given a file, when pieces are read at offsets, then they are those bytes', async () => {
    const file = SnapshotFile.open(await givenFile('0123456789'));
    if (!file) throw new Error('not opened');
    expect(file.size).toBe(10);
    expect(readAt(file, 3, 4)).toBe('3456');
    expect(() => readAt(file, 8, 4)).toThrow('the snapshot ends before its sections do');
    file.close();
    expect(() => readAt(file, 0, 1)).toThrow('the snapshot file was closed');
  });

  it('given a file edited in place after it was opened, when read again, then it is refused', async () => {
    const path = await givenFile('0123456789');
    const file = SnapshotFile.open(path);
    if (!file) throw new Error('not opened');
    await writeFile(path, '01234X6789');
    await utimes(path, new Date(), new Date(Date.now() + 5_000));
    expect(() => readAt(file, 0, 4)).toThrow('the snapshot file was changed after it was checked');
    file.close();
  });

  it('given a new snapshot renamed over the file, when read, then the open one still reads as it was', async () => {
    const path = await givenFile('0123456789');
    const file = SnapshotFile.open(path);
    if (!file) throw new Error('not opened');
    const next = await givenFile('abcdefghij');
    await rm(path);
    await rename(next, path);
    expect(readAt(file, 2, 3)).toBe('234');
    file.close();
  });

  it('given no file, then there is nothing to open', async () => {
    expect(SnapshotFile.open(join(tmpdir(), 'no-such-dir-ledger', 'x.snapshot'))).toBeNull();
  });
});
