// Replay-thread entry (replay-thread.ts). Compiled, it runs replay-worker.js. From the
// TypeScript sources it registers tsx's CommonJS hook in this thread and requires the worker:
// its ESM loader would resolve and load every module through a hooks thread of its own, which
// doubled the thread's boot (≈ 1.2 s of CPU against ≈ 0.6 s, most of it loading zod).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const compiled = join(__dirname, 'replay-worker.js');
if (existsSync(compiled)) import(pathToFileURL(compiled).href);
else {
  require('tsx/cjs/api').register();
  require('./replay-worker.ts');
}
