import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fieldIssues, ValidationError } from '../errors.js';
import type { EventStore } from './event-store.js';
import { openEventStoreDbStore } from './eventstoredb-store.js';
import { createReplayImporter, type EventImporter } from './migrate-importer.js';
import { openSqliteStore } from './sqlite-store.js';

/** Where the ledger keeps its events. */
export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'eventstoredb'; connectionString: string };

/** The embedded file, when nothing else is configured (docs/architecture.md, Store: `npm start` needs no other process). */
export const DEFAULT_SQLITE_PATH = './data/ledger.sqlite';

const Env = z.object({
  LEDGER_STORE: z.enum(['sqlite', 'eventstoredb']).optional(),
  LEDGER_DB: z.string().min(1).optional(),
  EVENTSTORE_URL: z
    .string()
    .regex(
      /^esdb(\+discover)?:\/\//,
      'must be an EventStoreDB connection string (esdb:// or esdb+discover://)',
    )
    .optional(),
});

/**
 * The store configuration from the environment: `LEDGER_STORE=sqlite|eventstoredb`,
 * `LEDGER_DB` (SQLite file, default ./data/ledger.sqlite), `EVENTSTORE_URL` (connection string).
 * `LEDGER_STORE` may be left out: a set EVENTSTORE_URL then selects EventStoreDB. Asking for
 * EventStoreDB without a URL is an error rather than a silent fall-back to the file, which
 * would split the ledger in two.
 */
export function storeConfigFromEnv(env: Record<string, string | undefined> = process.env): StoreConfig {
  const parsed = Env.safeParse({
    LEDGER_STORE: env.LEDGER_STORE || undefined,
    LEDGER_DB: env.LEDGER_DB || undefined,
    EVENTSTORE_URL: env.EVENTSTORE_URL || undefined,
  });
  if (!parsed.success) {
    throw new ValidationError('invalid store configuration', fieldIssues(parsed.error));
  }
  const { LEDGER_STORE, LEDGER_DB, EVENTSTORE_URL } = parsed.data;
  const kind = LEDGER_STORE ?? (EVENTSTORE_URL ? 'eventstoredb' : 'sqlite');
  if (kind === 'sqlite') return { kind, path: LEDGER_DB ?? DEFAULT_SQLITE_PATH };
  if (!EVENTSTORE_URL) {
    throw new ValidationError('invalid store configuration', [
      { path: 'EVENTSTORE_URL', message: 'is required when LEDGER_STORE=eventstoredb' },
    ]);
  }
  return { kind, connectionString: EVENTSTORE_URL };
}

/**
 * Reads a `--to`/`--from` argument of `ledger migrate`: an `esdb://` URL or a SQLite file path.
 */
export function storeConfigFromTarget(target: string): StoreConfig {
  return /^esdb(\+discover)?:\/\//.test(target)
    ? { kind: 'eventstoredb', connectionString: target }
    : { kind: 'sqlite', path: target };
}

/** How a process uses the store it opens. */
export interface OpenStoreOptions {
  /**
   * A server answering many writers: SQLite commits on a thread of its own so the fsync never
   * blocks the event loop (sqlite-write-thread.ts). EventStoreDB's appends are network calls
   * already and ignore it.
   */
  server?: boolean;
}

/** Opens the configured store. `clock` stamps recordedAt (default: the system clock). */
export function openStore(
  config: StoreConfig,
  clock?: () => Date,
  options: OpenStoreOptions = {},
): EventStore {
  const { server = false } = options;
  if (config.kind === 'eventstoredb') {
    return openEventStoreDbStore({ connectionString: config.connectionString, ...(clock ? { clock } : {}) });
  }
  // A fresh checkout has no data/ directory yet; SQLite creates the file but not its folder.
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  return openSqliteStore({ path: config.path, commitThread: server, ...(clock ? { clock } : {}) });
}

/** Opens the configured store as a migration target (see migrate-importer.ts). */
export function openImportTarget(config: StoreConfig): EventImporter {
  return createReplayImporter((clock) => openStore(config, clock));
}
