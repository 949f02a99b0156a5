import { dirname, join } from 'node:path';
import { keysPathFor } from '../auth/key-path.js';

/** Options of commands that work on the local data directory rather than a server. */
export const localOptions = {
  db: { type: 'string' },
  'keys-db': { type: 'string' },
} as const;

export const LOCAL_USAGE = `  --db <file>        the SQLite ledger (default $LEDGER_DB or ./data/ledger.sqlite)
  --keys-db <file>   the API key file (default $LEDGER_KEYS_DB or keys.sqlite beside the ledger)`;

export function ledgerPath(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return values.db ?? env.LEDGER_DB ?? './data/ledger.sqlite';
}

export function keysPath(
  values: { db?: string | undefined; 'keys-db'?: string | undefined },
  env: NodeJS.ProcessEnv,
): string {
  return values['keys-db'] ?? keysPathFor(env, ledgerPath(values, env));
}

/**
 * Where the projection runner keeps its persisted state: `LEDGER_PROJECTIONS_DIR`, else
 * `projections/` beside the ledger file.
 */
export function projectionsDir(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): string {
  const explicit = env.LEDGER_PROJECTIONS_DIR;
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  return join(dirname(ledgerPath(values, env)), 'projections');
}
