import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { eventHash, GENESIS_HASH } from '../src/store/hash-chain.js';
import { EVENT_COLUMNS } from '../src/store/sqlite-rows.js';
import { configureConnection, SCHEMA_VERSION } from '../src/store/sqlite-schema.js';
import { GENERATOR_VERSION, type GeneratedEvent, generateEvents, toNewEvent } from './generator.js';

export const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/** One row of the events table, in EVENT_COLUMNS order, sealed exactly as the store seals it. */
export type EventRowValues = [
  number,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string,
  string,
  string,
  /** provenance: generated events are written live, so none. */
  null,
];

/** Tracks each stream's head so rows can be sealed without reading the database back. */
export class RowSealer {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private position = 0;

  seal(event: GeneratedEvent): EventRowValues {
    const e = toNewEvent(event);
    const head = this.heads.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const recordedAt = new Date(event.recordedAtMs).toISOString();
    const revision = head.revision + 1;
    const hash = eventHash({
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      streamId: event.streamId,
      revision,
      effectiveOn: e.effectiveOn,
      recordedAt,
      actor: e.actor,
      correlationId: e.correlationId,
      causationId: e.causationId,
      data: e.data,
      prevHash: head.hash,
    });
    this.heads.set(event.streamId, { revision, hash });
    return [
      this.position++,
      e.eventId,
      event.streamId,
      revision,
      e.type,
      e.schemaVersion,
      e.effectiveOn,
      recordedAt,
      JSON.stringify(e.actor),
      e.correlationId,
      e.causationId,
      JSON.stringify(e.data),
      head.hash,
      hash,
      null,
    ];
  }
}

export const insertSql = `INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const formatCount = (n: number): string =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}k`
      : String(n);

/**
 * The path of a generated ledger of `size` events, building it on first use. Keyed by size,
 * seed, generator version and store schema version, so a changed generator or schema never
 * reuses an old file. The file is the SQLite store's own format (its DDL, its hash chain), so
 * `openSqliteStore` opens it and `verify` passes on it.
 *
 * Rows go in directly, 20k per transaction with synchronous=OFF: a fixture needs no per-event
 * durability, and 1M fsyncs would take a quarter of an hour. It is built under a temporary
 * name and renamed only after a clean close, so a killed build is never mistaken for a cache.
 */
export function ensureLedger(
  size: number,
  seed: string,
  log: (line: string) => void = () => {},
  dir = CACHE_DIR,
): string {
  mkdirSync(dir, { recursive: true });
  const path = join(
    dir,
    `ledger-${formatCount(size)}-seed${seed}-g${GENERATOR_VERSION}-s${SCHEMA_VERSION}.sqlite`,
  );
  if (existsSync(path)) return path;
  const partial = `${path}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const db = new Database(partial);
  configureConnection(db);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(insertSql);
  const sealer = new RowSealer();
  const insertBatch = db.transaction((rows: EventRowValues[]) => {
    for (const row of rows) insert.run(...row);
  });
  const started = performance.now();
  let batch: EventRowValues[] = [];
  let done = 0;
  for (const event of generateEvents({ events: size, seed })) {
    batch.push(sealer.seal(event));
    if (batch.length === 20_000) {
      insertBatch(batch);
      done += batch.length;
      batch = [];
      if (done % 100_000 === 0 || size <= 100_000) {
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        log(`  generating ${formatCount(size)} ledger: ${formatCount(done)} events (${seconds} s)`);
      }
    }
  }
  insertBatch(batch);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  log(
    `  generated ${formatCount(size)} ledger in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path}`,
  );
  return path;
}
