import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How long the process must have allocated little before V8 agrees to shrink (its window is 5 s). */
const QUIET_MS = 6_000;
/** Checks before giving up (a server busy for a minute keeps scavenging, and V8 sizes it then). */
const ATTEMPTS = 10;
/** A young generation at or below this is V8's own small size: nothing to give back. */
const SMALL_BYTES = 8 * 1024 * 1024;

let pending: NodeJS.Timeout | null = null;

/**
 * Gives back the young generation a bulk build grew, once the process is quiet.
 *
 * Why (docs/architecture.md, "Runner and persistence"): `npm start` lets V8's young generation
 * grow to 128 MB (`--max-semi-space-size=64`, which a rebuild and a snapshot load need), and
 * V8 shrinks it only in a collection that runs while the allocation rate is low. A server that
 * goes quiet after its build runs no collection at all, so it kept those 128 MB resident,
 * empty, for as long as it stayed quiet. Every few seconds, until the young generation is
 * small again (or a minute has passed), this runs one young-generation collection: a few
 * milliseconds over an almost empty space, which V8 ends by shrinking it to its small size
 * when the process has been allocating little. It grows again if a busy spell needs it.
 */
export function releaseYoungGenerationWhenQuiet(): void {
  if (pending !== null) clearTimeout(pending);
  let left = ATTEMPTS;
  const check = () => {
    pending = null;
    if (youngGenerationBytes() <= SMALL_BYTES) return;
    minorCollection()?.();
    if (youngGenerationBytes() <= SMALL_BYTES || --left === 0) return;
    pending = setTimeout(check, QUIET_MS).unref();
  };
  pending = setTimeout(check, QUIET_MS).unref();
}

/** Bytes V8 holds for the young generation (committed, used or not). */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

type Collect = (options: { type: 'minor' }) => void;
let collect: Collect | null | undefined;

/**
 * V8's collection function: the global one when node runs with `--expose-gc`, else the same
 * function exposed in a fresh context (Node has no other API that runs a collection).
 */
function minorCollection(): (() => void) | null {
  if (collect === undefined) {
    try {
      const global = (globalThis as { gc?: Collect }).gc;
      if (global !== undefined) collect = global;
      else {
        setFlagsFromString('--expose-gc');
        collect = (runInNewContext('gc') as Collect | undefined) ?? null;
      }
    } catch {
      collect = null;
    }
  }
  const run = collect;
  return run === null ? null : () => run({ type: 'minor' });
}
