/**
 * What the projection runner keeps and reports (runner.ts): the projections by name and
 * version, a rebuild's progress, the live feed's lag, and where the index's events came from.
 */

/**
 * The projections the runner keeps, by name and version. Every read model (current plans,
 * snapshots, board summaries, histories, changes, overdue, RAG over time) is a pure function
 * of the as-of index, so the index is the one state to feed, persist and rebuild. Bump the
 * version when the index's persisted form changes: old snapshots are then ignored.
 */
export const PROJECTIONS = { 'as-of-index': 2 } as const;
export type ProjectionName = keyof typeof PROJECTIONS;

export interface RebuildProgress {
  name: ProjectionName;
  /** Position of the last event applied, and the head it is catching up with. */
  position: number;
  head: number;
  applied: number;
}

export interface Lag {
  /** Global position of the last event applied (-1: none). */
  lastApplied: number;
  /** Position of the last event in the store (-1: empty). */
  head: number;
  /** head − lastApplied: positions still to apply (0 when caught up). */
  behind: number;
  /** Why the live feed stopped, if it did. */
  error: string | null;
}

export interface RunnerStats {
  /** Events restored from the saved state on the last start, and read from the store since. */
  fromSnapshot: number;
  fromStore: number;
  /** Log entries the last rebuild's replay thread read (the rest were read on this thread). */
  onReplayThread: number;
}
