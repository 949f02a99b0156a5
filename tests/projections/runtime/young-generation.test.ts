import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../../projections/runtime/young-generation.ts', import.meta.url));

/**
 * In a process of its own, run as `npm start` runs the server (a young generation allowed to
 * grow to 128 MB), without --expose-gc: grows the young generation with a burst of surviving
 * allocations, goes quiet, and reports its size before and once released (the release retries
 * for a minute: V8 shrinks only once its allocation rate over the last 5 s is low).
 */
const SCRIPT = `
const { releaseYoungGenerationWhenQuiet, youngGenerationBytes } = await import(${JSON.stringify(MODULE)});
let keep = [];
for (let round = 0; round < 40; round++) {
  const batch = [];
  for (let i = 0; i < 200000; i++) batch.push({ i, text: 'x' + i });
  keep.push(batch);
  if (keep.length > 4) keep.shift();
}
keep = null;
const grown = youngGenerationBytes();
releaseYoungGenerationWhenQuiet();
const started = Date.now();
while (youngGenerationBytes() > 8 * 1024 * 1024 && Date.now() - started < 70000)
  await new Promise((resolve) => setTimeout(resolve, 500));
console.log(JSON.stringify({ grown, after: youngGenerationBytes(), gcGlobal: typeof globalThis.gc }));
`;

describe('releaseYoungGenerationWhenQuiet', () => {
  it('given a young generation grown by a burst, when the process goes quiet, then it is given back', () => {
    const run = spawnSync(
      process.execPath,
      ['--max-semi-space-size=64', '--import', 'tsx', '--input-type=module', '-e', SCRIPT],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(run.stderr).toBe('');
    const { grown, after, gcGlobal } = JSON.parse(run.stdout.trim()) as {
      grown: number;
      after: number;
      gcGlobal: string;
    };
    const MB = 1024 * 1024;
    expect(grown).toBeGreaterThan(32 * MB);
    expect(after).toBeLessThanOrEqual(8 * MB);
    // The collection it ran did not leave `gc` on the application's global object.
    expect(gcGlobal).toBe('undefined');
  }, 100_000);
});
