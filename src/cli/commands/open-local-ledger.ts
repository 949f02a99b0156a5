import { existsSync } from 'node:fs';
import type { EventStore } from '../../store/event-store.js';
import {
  openStore,
  type StoreConfig,
  storeConfigFromEnv,
  storeConfigFromTarget,
} from '../../store/open-store.js';
import { CliError, EXIT } from '../exit-codes.js';

/**
 * The store a local command works on: `--db <file or esdb:// URL>` when given, else the one
 * the server is configured with (`LEDGER_STORE`, `LEDGER_DB`, `EVENTSTORE_URL`), so `ledger
 * verify`, `digest`, `rebuild` and `keys` look at the same ledger `ledger serve` does.
 */
export function configuredStore(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): StoreConfig {
  return values.db !== undefined ? storeConfigFromTarget(values.db) : storeConfigFromEnv(env);
}

/**
 * Opens an existing ledger. Opening a missing SQLite path would silently create an empty ledger
 * (and "verify" it), so a missing file is an error that says what to do.
 */
export function openExistingLedger(values: { db?: string | undefined }, env: NodeJS.ProcessEnv): EventStore {
  const config = configuredStore(values, env);
  if (config.kind === 'sqlite' && !existsSync(config.path)) {
    throw new CliError(
      `There is no ledger at ${config.path}. Pass --db <file>, or set LEDGER_DB (or LEDGER_STORE=eventstoredb and EVENTSTORE_URL).`,
      EXIT.notFound,
    );
  }
  return openStore(config);
}
