import { createHash } from 'node:crypto';
import { z } from 'zod';
import { NotFoundError } from '../src/errors.js';
import { canonicalJson } from '../src/lib/canonical-json.js';
import { contentHash } from '../src/lib/hash.js';
import type { AsOfIndex } from './as-of-index.js';
import { planSnapshot } from './current-plans.js';
import type { TimePoint } from './time.js';

/**
 * The digest that freezes what a board was shown: SHA-256 over the canonical JSON of the
 * snapshots of the plans presented, in plan-id order, at the report's time point (asOf,
 * knownAt). Recomputing it later at the time point the report records must give the same
 * digest: the ledger can then prove that the board pack it reproduces is the one the board saw.
 */
export function boardSnapshotDigest(index: AsOfIndex, planIds: readonly string[], at: TimePoint): string {
  const plans = [...planIds].sort().map((planId) => planSnapshot(index, planId, at));
  return contentHash(plans);
}

/**
 * The same digest, letting the event loop run between plans (`breathe`, src/lib/breather.ts):
 * the canonical JSON of an array is its members' joined by commas inside brackets, and SHA-256
 * can be fed piece by piece, so hashing plan after plan gives exactly `boardSnapshotDigest`. A
 * server importing a 5,000-row paper held its loop ~120 ms of CPU (350 ms at load 14) on it.
 */
export async function boardSnapshotDigestBreathing(
  index: AsOfIndex,
  planIds: readonly string[],
  at: TimePoint,
  breathe: () => Promise<void>,
): Promise<string> {
  const hash = createHash('sha256').update('[');
  for (const [i, planId] of [...planIds].sort().entries()) {
    if (i > 0) hash.update(',');
    hash.update(canonicalJson(planSnapshot(index, planId, at)), 'utf8');
    await breathe();
  }
  return hash.update(']').digest('hex');
}

export const BoardReportVerification = z.strictObject({
  boardId: z.string(),
  /** The board stream's revision of the report (one board hears many reports). */
  revision: z.number().int(),
  boardDate: z.string(),
  recordedAt: z.string(),
  /** The time point of the snapshot shown, as the report records it. */
  asOf: z.string(),
  knownAt: z.string(),
  /** The digest stored in the BoardReportPresented event; null when none was recorded (imports). */
  storedDigest: z.string().nullable(),
  /** The digest recomputed now from the ledger at (asOf, knownAt). */
  recomputedDigest: z.string(),
  /** True when both exist and are equal; null when there is nothing stored to compare with. */
  matches: z.boolean().nullable(),
});
export type BoardReportVerification = z.infer<typeof BoardReportVerification>;

/** Recomputes one presented report's snapshot digest at its time point and compares. */
export function verifyBoardReport(
  index: AsOfIndex,
  boardId: string,
  revision: number,
  now: string,
): BoardReportVerification {
  const report = index
    .boardReportsAt({ asOf: '9999-12-31', knownAt: now })
    .find((r) => r.boardId === boardId && r.revision === revision);
  if (!report) throw new NotFoundError('board report', `${boardId}@${revision}`);
  const recomputed = boardSnapshotDigest(index, report.planIds, {
    asOf: report.asOf,
    knownAt: report.knownAt,
  });
  return {
    boardId,
    revision,
    boardDate: report.boardDate,
    recordedAt: report.recordedAt,
    asOf: report.asOf,
    knownAt: report.knownAt,
    storedDigest: report.snapshotDigest,
    recomputedDigest: recomputed,
    matches: report.snapshotDigest === null ? null : report.snapshotDigest === recomputed,
  };
}
