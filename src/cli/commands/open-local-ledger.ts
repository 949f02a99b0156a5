import { existsSync } from 'node:fs';
import type { EventStore } from '../../store/event-store.js';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { CliError, EXIT } from '../exit-codes.js';

/**
 * Opens an existing local ledger file for reading. Opening a missing path would silently
 * create an empty ledger (and "verify" it), so a missing file is an error that says what to do.
 */
export function openExistingLedger(path: string): EventStore {
  if (!existsSync(path)) {
    throw new CliError(`There is no ledger at ${path}. Pass --db <file> or set LEDGER_DB.`, EXIT.notFound);
  }
  return openSqliteStore({ path });
}
