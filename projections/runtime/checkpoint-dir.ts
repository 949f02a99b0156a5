import { existsSync, readdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder beside the ledger file that holds the runner's saved index (its snapshot). */
export const CHECKPOINT_DIR_NAME = 'read-model-checkpoint';

/** The folder's name before it was named for what it holds; still adopted on start. */
export const LEGACY_CHECKPOINT_DIR_NAME = 'projections';

/**
 * Only the runner's own files: `<name>.snapshot` (and one a writer left as `.snapshot.<pid>.tmp`),
 * or the journal saved before snapshots (`<name>.v<n>.json`, `.ndjson`, a torn `.json.tmp`).
 */
const CHECKPOINT_FILE = /^[a-z0-9-]+(\.v\d+\.(json|ndjson|json\.tmp)|\.snapshot(\.\d+\.tmp)?)$/;

/**
 * Where the projection runner keeps its saved state: `LEDGER_CHECKPOINT_DIR` (or its older name
 * `LEDGER_PROJECTIONS_DIR`), else `read-model-checkpoint/` beside the ledger file, so one data
 * directory holds everything a server needs and a restart resumes from the checkpoint instead
 * of replaying the log.
 */
export function checkpointDirFor(env: NodeJS.ProcessEnv, ledgerDb: string): string {
  for (const explicit of [env.LEDGER_CHECKPOINT_DIR, env.LEDGER_PROJECTIONS_DIR])
    if (explicit !== undefined && explicit.trim() !== '') return explicit;
  return join(dirname(ledgerDb), CHECKPOINT_DIR_NAME);
}

/**
 * `checkpointDirFor`, after adopting a saved state left under the folder's old name
 * (`projections/` beside the ledger): it is renamed into place when the new folder does not
 * exist yet and the old one holds nothing but checkpoint files. Anything else there is left
 * alone and ignored; the worst case is a replay of the log, never a wrong read.
 */
export function openCheckpointDir(env: NodeJS.ProcessEnv, ledgerDb: string): string {
  const dir = checkpointDirFor(env, ledgerDb);
  if (dir !== join(dirname(ledgerDb), CHECKPOINT_DIR_NAME) || existsSync(dir)) return dir;
  const legacy = join(dirname(ledgerDb), LEGACY_CHECKPOINT_DIR_NAME);
  if (!existsSync(legacy)) return dir;
  let names: string[];
  try {
    names = readdirSync(legacy);
  } catch {
    return dir; // not a readable folder: not ours
  }
  if (names.length > 0 && names.every((name) => CHECKPOINT_FILE.test(name))) renameSync(legacy, dir);
  return dir;
}
