import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';

const BOOT = new URL('../../../projections/runtime/replay-boot.cjs', import.meta.url);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The first message of a worker started on `boot` with `workerData`, or its error. */
function firstMessage(boot: string, workerData: unknown): Promise<unknown> {
  const worker = new Worker(boot, { workerData });
  return new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`exited with ${code} before a message`)));
  }).finally(() => worker.terminate());
}

describe('replay-boot.cjs: the replay thread entry', () => {
  it('given a compiled replay-worker.js beside it (a build), when started, then that file runs, as an ES module (the tsx branch is what replay-thread.test.ts runs)', async () => {
    // Given: the boot file copied into a "build" folder holding a compiled worker of its own,
    // which says which file it is (there is no replay-worker.ts there: the tsx branch fails).
    const dir = await mkdtemp(join(tmpdir(), 'ledger-replay-boot-'));
    dirs.push(dir);
    await copyFile(BOOT, join(dir, 'replay-boot.cjs'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(
      join(dir, 'replay-worker.js'),
      [
        "import { parentPort, workerData } from 'node:worker_threads';",
        'const esm = typeof require === "undefined";',
        "parentPort.postMessage({ from: 'compiled', esm, file: workerData.file });",
      ].join('\n'),
    );
    // When: started as replay-thread.ts starts it.
    const message = await firstMessage(join(dir, 'replay-boot.cjs'), { file: 'ledger.sqlite' });
    // Then: the compiled worker answered, with the thread's data.
    expect(message).toEqual({ from: 'compiled', esm: true, file: 'ledger.sqlite' });
  });
});
