import type { NewEvent } from '../../domain/envelope.js';
import type { StreamKind } from '../../domain/streams.js';
import { LedgerError } from '../../errors.js';
import { appendStreams } from '../../store/append-streams.js';
import type { EventStore } from '../../store/event-store.js';
import type { DecidedStream } from './decide-plan.js';
import type { ImportFailure } from './import-report.js';

/**
 * Events per shared commit. A 10,000-row import (~70,000 events) takes ~18 commits instead of one
 * per item: per commit it pays one fsync, one look-up of its ids and of the log's end, and every
 * index page it touches written to the WAL once. Event ids are random, so a commit of a thousand
 * events already rewrites most pages of the event_id index: measured 2 Dec 2026 by replaying a
 * 10k-row import's 69,928 rows in its batches (/proc/self/io write_bytes), 1,024 a commit
 * wrote 310 MB, 4,096 wrote 194 MB (with the 40 MB
 * checkpoint interval of sqlite-schema.ts). A commit holds the thread that writes it longer
 * (~0.2 s); the CLI prints progress between them, the server passes 256 (its routes/import).
 */
export const EVENTS_PER_COMMIT = 4096;

/** What the append phase did: for the import report. */
export interface Appended {
  events: number;
  streams: number;
  /** One per stream that could not be written (then the import is `interrupted`). */
  failures: ImportFailure[];
}

export interface AppendDecidedOptions {
  /** Each stream's kind (inspection, plan, item, board), by stream id. */
  kindOf: (streamId: string) => StreamKind | undefined;
  /** Called just before a group holding a board report is appended (it fixes the report's snapshot). */
  beforeReport: (stream: DecidedStream) => Promise<void>;
  isReport: (event: NewEvent) => boolean;
  onProgress?: (done: number, total: number) => void;
  breathe: () => Promise<void>;
  eventsPerCommit?: number;
}

/**
 * Groups the decided streams into shared commits: consecutive streams of one kind, up to
 * `eventsPerCommit` events (a stream is never split: its events are one append). A group never
 * spans two kinds, so a stream that fails inside a group (another writer got there first) never
 * leaves an item written whose plan was not; a board report is a group of its own, appended last.
 */
export function commitGroups(
  streams: readonly DecidedStream[],
  kindOf: (streamId: string) => StreamKind | undefined,
  isReport: (event: NewEvent) => boolean,
  eventsPerCommit = EVENTS_PER_COMMIT,
): DecidedStream[][] {
  const groups: DecidedStream[][] = [];
  let group: DecidedStream[] = [];
  let kind: StreamKind | undefined;
  let events = 0;
  for (const stream of streams) {
    const alone = stream.events.some(isReport);
    const fits =
      !alone && kindOf(stream.streamId) === kind && events + stream.events.length <= eventsPerCommit;
    if (group.length > 0 && !fits) {
      groups.push(group);
      group = [];
      events = 0;
    }
    group.push(stream);
    kind = alone ? undefined : kindOf(stream.streamId);
    events += stream.events.length;
    if (alone) {
      groups.push(group);
      group = [];
      events = 0;
    }
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Appends decided streams in shared commits (`appendStreams`: on SQLite one transaction and one
 * fsync per group), in the plan's order, letting the event loop run between commits. Each
 * stream is still judged on its own revision: one that fails is reported and the import stops
 * after its group, keeping what was written (the other streams of that group, and every group
 * before it), so re-running the same import completes it. An error that is not a ledger error
 * (a bug, a closed store) is thrown once the group has settled.
 */
export async function appendDecided(
  store: EventStore,
  streams: readonly DecidedStream[],
  options: AppendDecidedOptions,
): Promise<Appended> {
  const done: Appended = { events: 0, streams: 0, failures: [] };
  const groups = commitGroups(streams, options.kindOf, options.isReport, options.eventsPerCommit);
  for (const group of groups) {
    for (const stream of group) if (stream.events.some(options.isReport)) await options.beforeReport(stream);
    const outcomes = await appendStreams(store, group);
    let unexpected: unknown = null;
    outcomes.forEach((outcome, i) => {
      const stream = group[i];
      if (!stream) return;
      if (outcome.ok) {
        done.streams++;
        if (!outcome.result.noop) done.events += stream.events.length;
        return;
      }
      if (!(outcome.error instanceof LedgerError)) {
        unexpected ??= outcome.error;
        return;
      }
      done.failures.push({
        line: null,
        streamId: stream.streamId,
        command: `append ${stream.label}`,
        rule: outcome.error.code,
        message: `${stream.label} could not be written: ${outcome.error.message}. What this import wrote before it is kept: run the same import again to complete it`,
      });
    });
    if (unexpected !== null) throw unexpected;
    if (done.failures.length > 0) break;
    options.onProgress?.(done.streams, streams.length);
    await options.breathe();
  }
  return done;
}
