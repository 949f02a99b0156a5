import { dirname, join } from 'node:path';

/**
 * Where the projection runner keeps its saved state: `LEDGER_PROJECTIONS_DIR`, else
 * `projections/` beside the ledger file, so one data directory holds everything a server
 * needs and a restart resumes from the checkpoint instead of replaying the log.
 */
export function projectionsDirFor(env: NodeJS.ProcessEnv, ledgerDb: string): string {
  const explicit = env.LEDGER_PROJECTIONS_DIR;
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  return join(dirname(ledgerDb), 'projections');
}
