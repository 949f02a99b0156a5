import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointDirFor, openCheckpointDir } from '../../../projections/runtime/checkpoint-dir.js';
import { ProjectionRunner } from '../../../projections/runtime/runner.js';
import { givenStoredSeed002 } from './stored-seed.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function givenDataDir() {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-checkpoint-dir-'));
  dirs.push(dir);
  return { dir, ledger: join(dir, 'ledger.sqlite') };
}

describe('the saved-state folder', () => {
  it('given no setting, when resolved, then it is read-model-checkpoint/ beside the ledger', () => {
    expect(checkpointDirFor({}, '/srv/ledger/data/ledger.sqlite')).toBe(
      '/srv/ledger/data/read-model-checkpoint',
    );
  });

  it('given LEDGER_CHECKPOINT_DIR or the older LEDGER_PROJECTIONS_DIR, then the setting wins, the new name first', () => {
    expect(
      checkpointDirFor({ LEDGER_CHECKPOINT_DIR: '/a', LEDGER_PROJECTIONS_DIR: '/b' }, '/x/l.sqlite'),
    ).toBe('/a');
    expect(checkpointDirFor({ LEDGER_PROJECTIONS_DIR: '/b' }, '/x/l.sqlite')).toBe('/b');
    expect(checkpointDirFor({ LEDGER_CHECKPOINT_DIR: ' ' }, '/x/l.sqlite')).toBe('/x/read-model-checkpoint');
  });

  it('given a state saved under the old projections/ name, when a server starts, then it is adopted and restored, not replayed', async () => {
    // Given: a ledger and a runner that saved its state under the folder's old name.
    const { dir, ledger } = await givenDataDir();
    const { store, count } = await givenStoredSeed002(dir);
    const old = new ProjectionRunner({ store, dataDir: join(dir, 'projections') });
    await old.start();
    await old.stop();

    // When: the folder is opened the way the server and `ledger rebuild` open it.
    const opened = openCheckpointDir({}, ledger);

    // Then: the old folder moved to the new name, and a runner there restores everything from it.
    expect(opened).toBe(join(dir, 'read-model-checkpoint'));
    expect(existsSync(join(dir, 'projections'))).toBe(false);
    const runner = new ProjectionRunner({ store, dataDir: opened });
    await runner.start();
    expect(runner.stats.fromSnapshot).toBe(count);
    expect(runner.stats.fromStore).toBe(0);
    await runner.stop();
    await store.close();
  });

  it('given an old projections/ folder holding anything else, then it is left alone and ignored', async () => {
    const { dir, ledger } = await givenDataDir();
    await mkdir(join(dir, 'projections'));
    await writeFile(join(dir, 'projections', 'notes.txt'), 'mine');

    const opened = openCheckpointDir({}, ledger);

    expect(opened).toBe(join(dir, 'read-model-checkpoint'));
    expect(await readdir(join(dir, 'projections'))).toEqual(['notes.txt']);
    expect(existsSync(opened)).toBe(false);
  });

  it('given both folders, then the new one is used and the old one is not touched', async () => {
    const { dir, ledger } = await givenDataDir();
    for (const name of ['projections', 'read-model-checkpoint']) {
      await mkdir(join(dir, name));
      await writeFile(join(dir, name, 'as-of-index.v1.json'), name);
    }

    expect(openCheckpointDir({}, ledger)).toBe(join(dir, 'read-model-checkpoint'));
    expect(await readdir(join(dir, 'projections'))).toEqual(['as-of-index.v1.json']);
  });
});
