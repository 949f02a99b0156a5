import type { RecordedEvent } from '../domain/envelope.js';
import type { EventStore } from './event-store.js';

/**
 * The global log in pages, oldest first, from `fromPosition` to the head as it is when each
 * page is read. Verification, rebuilds and migration all walk the whole log this way; paging
 * keeps memory bounded at any ledger size.
 */
export async function* readLogPages(
  store: EventStore,
  options: { pageSize: number; fromPosition?: number },
): AsyncGenerator<RecordedEvent[]> {
  let from = options.fromPosition ?? 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, limit: options.pageSize });
    const last = page.at(-1);
    if (!last) return;
    yield page;
    if (page.length < options.pageSize) return;
    from = last.position + 1;
  }
}
