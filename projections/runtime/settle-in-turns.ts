/** Settling an index in the background in turns of the event loop, so a start or rebuild answers meanwhile. */
import { breather, nextTurn } from '../../src/lib/breather.js';
import type { AsOfIndex } from '../as-of-index.js';

/** How long one turn of background settling may hold the event loop. */
const SETTLE_TURN_MS = 10;

/**
 * Settles `index` stream by stream, from the next turn of the event loop on, letting it run
 * after ≈ SETTLE_TURN_MS of work, while `wanted` (a rebuild swapping the index abandons it).
 * Resolves true once every stream is settled. `keepAlive: false`: a server's background work.
 */
export async function settleInTurns(
  index: AsOfIndex,
  wanted: () => boolean,
  keepAlive: boolean,
): Promise<boolean> {
  await nextTurn(keepAlive);
  const breathe = breather(SETTLE_TURN_MS, keepAlive);
  const steps = index.settling(1);
  for (;;) {
    if (!wanted()) return false;
    if (steps.next().done) return true;
    await breathe();
  }
}
