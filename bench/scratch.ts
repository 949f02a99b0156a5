import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './ledger-cache.js';

const SCRATCH_DIR = join(CACHE_DIR, 'scratch');

/**
 * A fresh database path for one run. Scratch files live beside the cache (same disk, so
 * fsync costs are comparable between subject and baseline) and are removed first: a
 * leftover WAL from a killed run would otherwise be replayed into the next measurement.
 */
export function scratchPath(name: string): string {
  mkdirSync(SCRATCH_DIR, { recursive: true });
  const path = join(SCRATCH_DIR, `${name}.sqlite`);
  removeDatabase(path);
  return path;
}

export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** A writable copy of a cached ledger, for benchmarks that add to it (checkpoints, startup). */
export function scratchCopy(source: string, name: string): string {
  const path = scratchPath(name);
  copyFileSync(source, path);
  return path;
}
