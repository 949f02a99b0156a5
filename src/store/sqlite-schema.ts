import type Database from 'better-sqlite3';

/** How long a writer waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** Bumped whenever the DDL below changes; older files are migrated step by step in `migrate`. */
export const SCHEMA_VERSION = 2;

/**
 * One table: the global log. `position` is the rowid (0-based, assigned by the writer inside
 * its IMMEDIATE transaction, so it is gapless); the unique constraints are the last line of
 * defence behind the checks in append: one event per (stream, revision), one place per id.
 * `actor` and `data` are JSON text, exactly as hashed.
 */
const DDL_V1 = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY CHECK (position >= 0),
  event_id       TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL CHECK (revision >= 0),
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  effective_on   TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  actor          TEXT    NOT NULL,
  correlation_id TEXT,
  causation_id   TEXT,
  data           TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;
`;

/**
 * Version 2: where an imported event came from (`Provenance`, JSON text exactly as hashed); NULL
 * for events written live and for every event stored before, which keep their hashes.
 */
const DDL_V2 = 'ALTER TABLE events ADD COLUMN provenance TEXT';

/**
 * WAL pages (4 KB) after which a commit copies the WAL back into the database file. SQLite's
 * default (1,000 pages, 4 MB) made a 10,000-row import (~70 MB of events) checkpoint every few
 * commits, each copying again the index pages every commit rewrites (event ids are random, so a
 * commit of 1,000 events touches most pages of the event_id index): 392 MB written for 70 MB of
 * events. At 10,000 pages (40 MB) the same import writes ~213 MB (/proc/self/io write_bytes,
 * 2 Dec 2026; recorded in docs/architecture.md, "Store"). Set on
 * every connection: the one that commits runs the checkpoint; the last to close empties the WAL.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Sets the connection's pragmas and brings the schema up to date. The order matters:
 * busy_timeout first so that a second process opening the same file waits instead of failing,
 * then WAL (readers never block the writer), then synchronous=FULL because the bundled SQLite
 * defaults WAL to NORMAL, which can lose the last acknowledged commits on power loss.
 */
export function configureConnection(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!db.memory) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(`could not switch ${db.name} to WAL (journal_mode is ${String(mode)})`);
  }
  // synchronous is per connection and not persisted: it must be set on every open.
  db.pragma('synchronous = FULL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  migrate(db);
}

function userVersion(db: Database.Database): number {
  const value = db.pragma('user_version', { simple: true });
  return typeof value === 'number' ? value : 0;
}

/** Creates or upgrades the schema inside one IMMEDIATE transaction, safe if two processes race. */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = userVersion(db);
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${db.name} has schema version ${version}, newer than this ledger understands (${SCHEMA_VERSION})`,
      );
    }
    if (version < 1) db.exec(DDL_V1);
    if (version < 2) db.exec(DDL_V2);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
