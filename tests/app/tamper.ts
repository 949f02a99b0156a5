import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '../../src/domain/envelope.js';
import type { EventStore } from '../../src/store/event-store.js';
import { eventHash } from '../../src/store/hash-chain.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite-store.js';
import { newEvents, steppingClock, uniqueStreamId } from '../store/factories.js';

/**
 * A small ledger of three streams whose appends interleave (so positions of different streams
 * alternate and every append has its own recordedAt), plus raw SQL access to its file, for
 * tampering the way someone with the file (not the API) could.
 */
export interface TamperLedger {
  path: string;
  store: SqliteEventStore;
  streams: string[];
  /** Runs SQL against the file behind the store's back. */
  sql(statement: string, ...params: unknown[]): void;
  /** The stored events, in log order. */
  log(): Promise<RecordedEvent[]>;
  /** Rewrites one event's columns AND recomputes its hash, as an insider covering tracks would. */
  rewriteAndRehash(position: number, change: Partial<RecordedEvent>): Promise<void>;
  /** A consistent copy of the file (an operator's backup), opened as a store. */
  backup(name: string): Promise<EventStore>;
}

export async function tamperLedger(dir: string): Promise<TamperLedger> {
  const path = join(dir, 'ledger.sqlite');
  const store = openSqliteStore({ path, clock: steppingClock() });
  const streams = [uniqueStreamId('item'), uniqueStreamId('item'), uniqueStreamId('plan')];
  for (let round = 0; round < 4; round++) {
    for (const [i, s] of streams.entries()) {
      await store.append(s, newEvents(i === 0 ? 2 : 1), {
        expectedRevision: round === 0 ? 'no_stream' : 'any',
      });
    }
  }
  const sql = (statement: string, ...params: unknown[]) => {
    const raw = new Database(path);
    try {
      raw.prepare(statement).run(...params);
    } finally {
      raw.close();
    }
  };
  const log = () => store.readAll();
  return {
    path,
    store,
    streams,
    sql,
    log,
    async rewriteAndRehash(position, change) {
      const event = (await log()).find((e) => e.position === position);
      if (!event) throw new Error(`no event at ${position}`);
      const changed = { ...event, ...change };
      const hash = eventHash(changed);
      sql(
        'UPDATE events SET stream_id = ?, revision = ?, prev_hash = ?, hash = ? WHERE position = ?',
        changed.streamId,
        changed.revision,
        changed.prevHash,
        hash,
        position,
      );
    },
    async backup(name) {
      const target = join(dir, name);
      const raw = new Database(path);
      try {
        await raw.backup(target);
      } finally {
        raw.close();
      }
      return openSqliteStore({ path: target });
    },
  };
}
