import { openCheckpointDir } from '../../projections/runtime/checkpoint-dir.js';
import { keysPathFor } from '../auth/key-path.js';
import { DEFAULT_SQLITE_PATH } from '../store/open-store.js';

/** Options of commands that work on the local data directory rather than a server. */
export const localOptions = {
  db: { type: 'string' },
  'keys-db': { type: 'string' },
} as const;

export const LOCAL_USAGE = `  --db <file|url>    the ledger: a SQLite file or an esdb:// URL (default: the configured store,
                     $LEDGER_STORE / $LEDGER_DB / $EVENTSTORE_URL, else ./data/ledger.sqlite)
  --keys-db <file>   a key file of an older version, moved into the store on first use
                     (default $LEDGER_KEYS_DB or keys.sqlite beside the ledger)`;

export function ledgerPath(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return values.db ?? env.LEDGER_DB ?? DEFAULT_SQLITE_PATH;
}

export function keysPath(
  values: { db?: string | undefined; 'keys-db'?: string | undefined },
  env: NodeJS.ProcessEnv,
): string {
  return values['keys-db'] ?? keysPathFor(env, ledgerPath(values, env));
}

/** Where the projection runner keeps its saved state (see openCheckpointDir). */
export function checkpointDir(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return openCheckpointDir(env, ledgerPath(values, env));
}
