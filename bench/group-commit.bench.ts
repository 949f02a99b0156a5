import type { NewEvent } from '../src/domain/envelope.js';
import { newUlid } from '../src/lib/id-source.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { alternate, type BenchOptions, type BenchResult, judged, rate, spread } from './harness.js';
import { formatCount } from './ledger-cache.js';
import { removeDatabase, scratchPath } from './scratch.js';

const WRITERS = 16;

const event = (n: number): NewEvent => ({
  eventId: newUlid(),
  type: 'TestEventHappened',
  schemaVersion: 1,
  effectiveOn: '2011-04-27',
  actor: { id: 'bench', method: 'api-key', requestId: null, claimedName: null },
  correlationId: null,
  causationId: null,
  data: { n },
});

/**
 * Durable appends by 16 concurrent writers (each its own stream, one event per append, each
 * awaiting its acknowledgement before the next) against ONE writer doing the same number of
 * appends in a row, through the same SQLite store in the same run, rounds alternated. Group
 * commit lets the 16 share commits (one fsync per batch); the single writer pays one each.
 */
export async function groupCommitAppends(options: BenchOptions): Promise<BenchResult> {
  const count = options.smoke ? 320 : 3200;
  const commits: string[] = [];
  const run = async (writers: number, round: number) => {
    const path = scratchPath(`group-commit-${writers}-${round}`);
    const store = openSqliteStore({ path });
    const each = count / writers;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) {
          await store.append(`bench-${w}`, [event(i)], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
        }
      }),
    );
    const elapsed = performance.now() - started;
    if (writers > 1) {
      const s = store.commitStats;
      commits.push((s.appends / s.commits).toFixed(1));
    }
    await store.close();
    removeDatabase(path);
    return rate(count, elapsed);
  };
  const result = await alternate(
    options.repeats,
    (round) => run(1, round),
    (round) => run(WRITERS, round),
  );
  const ratio = result.subject / result.baseline;
  return {
    name: `appends, ${WRITERS} concurrent writers`,
    size: formatCount(count),
    figure: { value: result.subject, unit: 'appends/s' },
    baseline: { value: result.baseline, unit: 'appends/s', label: 'one writer, the same appends in a row' },
    ratio,
    target: { text: '≥ 3 × the single writer', met: judged(options, ratio >= 3) },
    notes: [
      `${count} single-event appends, WAL + synchronous=FULL, each awaited; ${options.repeats} alternating rounds`,
      `runs (appends/s): ${spread(result.subjects)}; single-writer runs: ${spread(result.baselines)}`,
      `appends per commit with ${WRITERS} writers, per round: ${commits.join(', ')}`,
      'the store level: the HTTP path adds the command work per append (see command appends)',
    ],
  };
}
