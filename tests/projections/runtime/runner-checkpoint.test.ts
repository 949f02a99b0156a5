import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsOfIndex } from '../../../projections/as-of-index.js';
import { boardSummary } from '../../../projections/board-summary.js';
import { CheckpointStore } from '../../../projections/runtime/checkpoint-store.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { givenStoredSeed002 } from './stored-seed.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A store holding the seed 002 log, and a runner that has saved its checkpoint once. */
async function givenSavedRunner() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-checkpoint-'));
  dirs.push(dir);
  const { store, count } = await givenStoredSeed002(dir);
  const first = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
  await first.start();
  await first.stop();
  const files = {
    journal: join(dir, 'p', 'as-of-index.v1.ndjson'),
    checkpoint: join(dir, 'p', 'as-of-index.v1.json'),
  };
  return { dir, store, first, files, count };
}

const summary = (index: AsOfIndex) =>
  boardSummary(index, { asOf: '2011-04-27', knownAt: '2011-04-27T23:59:59.999Z' });

describe('checkpointed journal (checksum instead of per-line validation)', () => {
  it('given a saved checkpoint, when restarted, then everything comes from it and it carries a CRC-32', async () => {
    const { dir, store, first, files, count } = await givenSavedRunner();
    const saved = JSON.parse(await readFile(files.checkpoint, 'utf8'));
    expect(typeof saved.crc32).toBe('number');
    const second = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await second.start();
    expect([second.stats.fromSnapshot, second.stats.fromStore]).toEqual([count, 0]);
    expect(summary(second.index)).toEqual(summary(first.index));
    await second.stop();
    await store.close();
  });

  it('given a journal edited in place (same length), when restarted, then it is dropped and the log replayed', async () => {
    const { dir, store, first, files, count } = await givenSavedRunner();
    const text = await readFile(files.journal, 'utf8');
    const at = text.indexOf('"AMBER"');
    const file = await open(files.journal, 'r+');
    await file.write('"GREEN"', at);
    await file.close();
    const second = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await second.start();
    expect([second.stats.fromSnapshot, second.stats.fromStore]).toEqual([0, count]);
    expect(summary(second.index)).toEqual(summary(first.index));
    await second.stop();
    await store.close();
  });

  it('given a checkpoint saved before checksums (no crc32), when restarted, then lines are validated and the next save adds the CRC', async () => {
    const { dir, store, first, files, count } = await givenSavedRunner();
    const { crc32: _dropped, ...old } = JSON.parse(await readFile(files.checkpoint, 'utf8'));
    await writeFile(files.checkpoint, JSON.stringify(old));
    const second = new ProjectionRunner({ store, dataDir: join(dir, 'p') });
    await second.start();
    expect([second.stats.fromSnapshot, second.stats.fromStore]).toEqual([count, 0]);
    expect(summary(second.index)).toEqual(summary(first.index));
    await second.stop();
    // The next save computes the CRC of what is already there once, then extends it.
    const saver = new CheckpointStore(join(dir, 'p'), 'as-of-index', 1);
    const previous = await saver.read();
    expect(previous?.crc32).toBeUndefined();
    const upgraded = await saver.append([], previous, previous?.position ?? -1);
    expect(upgraded.crc32).toBe(crc32(await readFile(files.journal)));
    await store.close();
  });
});
