import { dirname, join } from 'node:path';

/**
 * Where older versions kept API keys (moved into the store on start, legacy-key-file.ts):
 * `LEDGER_KEYS_DB`, else `keys.sqlite` beside the ledger file, so a data
 * directory holds everything a server needs and the keys travel (and are backed up) with it.
 */
export function keysPathFor(env: NodeJS.ProcessEnv, ledgerDb: string): string {
  const explicit = env.LEDGER_KEYS_DB;
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  return join(dirname(ledgerDb), 'keys.sqlite');
}
