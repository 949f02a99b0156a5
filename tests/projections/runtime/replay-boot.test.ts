import { copyFile, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { profilingArgs } from '../../../projections/runtime/replay-thread.js';

const BOOT = new URL('../../../projections/runtime/replay-boot.cjs', import.meta.url);

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));

/** The first message of a worker started on `boot` with `workerData`, or its error. */
function firstMessage(boot: string, workerData: unknown, execArgv?: string[]): Promise<unknown> {
  const worker = new Worker(boot, { workerData, ...(execArgv === undefined ? {} : { execArgv }) });
  return new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`exited with ${code} before a message`)));
  }).finally(() => worker.terminate());
}

/**
 * A folder standing for the boot file's own: the boot file copied in, `package.json` of an ES
 * module package, a worker file `name` of `lines`, and (`packages`) the project's node_modules.
 */
async function bootFolder(name: string, lines: string[], packages = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ledger-replay-boot-'));
  dirs.push(dir);
  await copyFile(BOOT, join(dir, 'replay-boot.cjs'));
  if (packages) await symlink(NODE_MODULES, join(dir, 'node_modules'), 'junction');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(join(dir, name), lines.join('\n'));
  return dir;
}

describe('replay-boot.cjs: the replay thread entry', () => {
  it('given a compiled replay-worker.js beside it (a build), when started, then that file runs, as an ES module (the tsx branch is what replay-thread.test.ts runs)', async () => {
    // Given: the boot file copied into a "build" folder holding a compiled worker of its own,
    // which says which file it is (there is no replay-worker.ts there: the tsx branch fails).
    const dir = await bootFolder('replay-worker.js', [
      "import { parentPort, workerData } from 'node:worker_threads';",
      'const esm = typeof require === "undefined";',
      "parentPort.postMessage({ from: 'compiled', esm, file: workerData.file });",
    ]);
    // When: started as replay-thread.ts starts it.
    const message = await firstMessage(join(dir, 'replay-boot.cjs'), { file: 'ledger.sqlite' });
    // Then: the compiled worker answered, with the thread's data.
    expect(message).toEqual({ from: 'compiled', esm: true, file: 'ledger.sqlite' });
  });

  it('given the TypeScript sources (no build), when started with no preloads (execArgv [], as replay-thread.ts starts it), then it registers tsx itself and the sources share the zod it loaded first', async () => {
    // Given: the boot file beside a TypeScript worker of its own, with the project's packages.
    const dir = await bootFolder(
      'replay-worker.ts',
      [
        "import { parentPort, workerData } from 'node:worker_threads';",
        "import { z } from 'zod';",
        'const typed: string = workerData.file;',
        "const zodFiles = Object.keys(require.cache).filter((f) => f.includes('/node_modules/zod/'));",
        'const entry = zodFiles.find((f) => /[\\/]zod[\\/]index\\.cjs$/.test(f));',
        'parentPort.postMessage({',
        "  from: 'sources', file: typed, execArgv: process.execArgv,",
        "  esmCopies: zodFiles.filter((f) => !f.endsWith('.cjs')).length,",
        '  sameZod: entry !== undefined && require.cache[entry].exports.z === z,',
        '});',
      ],
      true,
    );
    // When: started as replay-thread.ts starts it, without the test process's preloads.
    const message = await firstMessage(join(dir, 'replay-boot.cjs'), { file: 'ledger.sqlite' }, []);
    // Then: the TypeScript ran (tsx registered by the boot file, not inherited), and its import
    // of zod is the one copy loaded (no second, ESM copy of the package).
    expect(message).toEqual({
      from: 'sources',
      file: 'ledger.sqlite',
      execArgv: [],
      esmCopies: 0,
      sameZod: true,
    });
  });

  it("given a profiled process's options (the bench's --profile child), when the thread's are taken from them, then only the profiling ones are kept, and a worker started with them runs and writes its own profile", async () => {
    // Given: what bench/run.ts starts a profiled child with, and tsx's CLI preloads.
    const dir = await mkdtemp(join(tmpdir(), 'ledger-replay-prof-'));
    dirs.push(dir);
    const parent = [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--max-semi-space-size=64',
      '--import',
      'tsx',
      '--expose-gc',
      '--require',
      'preflight.cjs',
      '--cpu-prof-interval',
      '500',
    ];
    // When
    const args = profilingArgs(parent);
    // Then: the profiling options, with their values; no preload, no V8 flag (a worker refuses those).
    expect(args).toEqual(['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '500']);
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage('ran')", {
      eval: true,
      execArgv: args,
    });
    const message = await new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(message).toBe('ran');
    expect((await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'))).toHaveLength(1);
  });
});
