import type { EventStore } from '../store/event-store.js';
import { eventHash } from '../store/hash-chain.js';
import { checkEvent, type Finding, newLogState, type OrderRules } from './event-checks.js';

/**
 * The start-up check: the last `count` events of the log, each against its own hash and its
 * stream's previous event (read from the store when it lies before the window), positions
 * and order in time. Cheap at any ledger size (a window and one read per stream in it), so a
 * server can refuse to serve a file whose recent history was edited, naming the event; the
 * whole file is `ledger verify`'s work.
 */
export async function verifyTail(
  store: EventStore,
  options: { count?: number; order?: OrderRules } = {},
): Promise<{ ok: boolean; checked: number; findings: Finding[] }> {
  const count = options.count ?? 1000;
  const order = options.order ?? { gapless: true, monotonicTime: true };
  // One event more than the window: what lies just before it seeds the state, so the window's
  // first events are judged too. Read from the end: positions need not be contiguous.
  const tail = await store.readTail(count + 1);
  const before = tail.length > count ? tail[0] : undefined;
  const window = before ? tail.slice(1) : tail;
  const from = window[0]?.position ?? 0;
  if (window.length === 0) return { ok: true, checked: 0, findings: [] };
  const state = newLogState();
  if (before) {
    state.previous = { event: before, maxRecordedAtBefore: before.recordedAt };
    state.maxRecordedAt = before.recordedAt;
  }
  for (const streamId of new Set(window.map((e) => e.streamId))) {
    const first = window.find((e) => e.streamId === streamId);
    if (!first || first.revision === 0) continue;
    const [previous] = await store.readStream(streamId, {
      fromRevision: first.revision - 1,
      direction: 'backwards',
      limit: 1,
    });
    if (previous && previous.position < from) {
      state.streams.set(streamId, {
        revision: previous.revision,
        hash: previous.hash,
        recomputed: eventHash(previous),
      });
    }
  }
  const pending = new Map<string, Finding>();
  const findings: Finding[] = [];
  for (const event of window) findings.push(...checkEvent(event, state, order, pending));
  return { ok: findings.length === 0, checked: window.length, findings };
}
