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
  // The packages first, through Node's own loader: under tsx's hook zod's ≈ 90 files took ≈ 0.2 s
  // to load against ≈ 0.1 s (resolution and source maps per file); the sources' imports of them
  // then find them loaded (the same files: both resolve the packages' `require` exports).
  require('zod');
  require('better-sqlite3');
  require('tsx/cjs/api').register();
  // tsx turns source maps on; Node then decodes and parses each module's inline map as it
  // loads (≈ 50 ms of the boot). Nothing here prints a stack: errors cross as their fields.
  process.setSourceMapsEnabled(false);
  require('./replay-worker.ts');
}
