import type { QuerySource } from '../../projections/runtime/queries.js';

/**
 * Waits (briefly) until the read models include `position`, so a client that writes and then
 * reads sees its own write. The projections follow the log asynchronously; the write is
 * already durable, so on timeout the answer goes out anyway: it only means the next read may
 * lag by a moment.
 */
export async function awaitProjection(
  source: QuerySource,
  position: number,
  timeoutMs = 2000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (source.index.position < position) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return true;
}
