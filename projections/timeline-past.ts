import type { LedgerEvent } from '../src/domain/ledger-event.js';
import type { CheckpointCodec } from './checkpoint-codec.js';
import { effectiveEvents } from './effective-events.js';
import type { EventColumns } from './event-columns.js';
import { type Epoch, foldPrefix, prefixLength } from './timeline-epochs.js';

/**
 * The fold of a stream as it was believed at a knownAt before its last break ("what did we
 * believe before that correction"), unfinished (see StreamTimeline.stateAt): from the newest
 * kept epoch that answers for that knownAt (two binary searches and < K fold steps), else by
 * replaying the stream's own events, `events()`, with the corrections known then: O(n log n)
 * for its n events.
 */
export function foldBeforeBreak<S>(
  epochs: readonly Epoch[],
  columns: EventColumns,
  fold: (state: S | null, event: LedgerEvent) => S | null,
  codec: CheckpointCodec<S>,
  events: () => LedgerEvent[],
  at: { asOf: string; knownAt: string; asOfDay: number; knownAtMs: number },
): S | null {
  const { knownAtMs, asOfDay } = at;
  for (let j = epochs.length - 1; j >= 0; j--) {
    const epoch = epochs[j] as Epoch;
    if (knownAtMs >= epoch.minAfterMs) break; // a later event is known: older epochs neither
    if (knownAtMs < epoch.breakMs) continue;
    const length = prefixLength(epoch.view, columns, epoch.tailStart, epoch.maxMs, knownAtMs, asOfDay);
    return foldPrefix(epoch.view, columns, epoch.checkpoints, length, fold, codec);
  }
  let state: S | null = null;
  for (const e of effectiveEvents(events(), at.knownAt)) {
    if (e.effectiveOn > at.asOf) break;
    state = fold(state, e);
  }
  return state;
}
