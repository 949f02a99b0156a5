import type { RecordedEvent } from '../domain/envelope.js';
import type { EventStore, ReadAllOptions, ReplayedEvent } from './event-store.js';

/**
 * The global log in pages, oldest first, after `after` (exclusive; absent: from the start) to
 * the head as it is when each page is read. Verification, rebuilds and migration all walk the
 * whole log this way; paging keeps memory bounded at any ledger size. Each page starts after
 * the previous page's last event, a position every adapter honours exactly.
 */
export async function* readLogPages(
  store: EventStore,
  options: { pageSize: number; after?: number },
): AsyncGenerator<RecordedEvent[]> {
  let after = options.after ?? -1;
  for (;;) {
    const page = await store.readAll({ after, limit: options.pageSize });
    const last = page.at(-1);
    if (!last) return;
    yield page;
    if (page.length < options.pageSize) return;
    after = last.position;
  }
}

/**
 * `readLogPages` for a replay into the read models: through the store's `readReplay` when it
 * has one (fewer columns, cheaper rows: SQLite), else through `readAll` (EventStoreDB).
 */
export async function* readReplayPages(
  store: EventStore,
  options: { pageSize: number; after?: number },
): AsyncGenerator<ReplayedEvent[]> {
  const read = store.readReplay?.bind(store) ?? ((page: ReadAllOptions) => store.readAll(page));
  let after = options.after ?? -1;
  for (;;) {
    const page = await read({ after, limit: options.pageSize });
    const last = page.at(-1);
    if (!last) return;
    yield page;
    if (page.length < options.pageSize) return;
    after = last.position;
  }
}
