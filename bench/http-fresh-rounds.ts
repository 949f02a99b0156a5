import type { LoadOutput } from './http-load.js';

/** Spare paths after each run's own (see `FreshRounds`). */
const GAP = 64;

/** How many distinct paths `rounds` rounds of `perRound` paths a side need drawn. */
export const freshPathsNeeded = (rounds: number, perRound: number) => rounds * 2 * (perRound + GAP);

/** One run of a set number of paths of its own: `paths[from]`, `paths[from + 1]`, … */
export type FreshRun = (from: number, amount: number) => Promise<LoadOutput>;

/** What one round asked and measured. */
export interface FreshRound {
  subject: LoadOutput;
  baseline: LoadOutput;
  /** Mean body bytes of the answers the baseline served. */
  baselineBytes: number;
}

/**
 * Rounds in which every run, baseline's or subject's, asks paths no earlier run asked: one
 * cursor walks a list of distinct paths, and each run takes the next `perRound` of them.
 * A cache keyed by what was asked before (an answer, a state, a text of a state) cannot
 * make a later round look faster than a reader of unique (plan, date) pairs would find it.
 * The baseline's answers are written for its own paths just before the round (`keep`) and
 * dropped after it, so memory holds one round's bytes, not every path's. The two sides
 * alternate which goes first (B S, S B, …), so neither always runs on the warmer machine.
 */
export class FreshRounds {
  /** Distinct paths answered so far, both sides (no path is asked by two runs). */
  distinct = 0;
  private at = 0;
  private rounds = 0;

  constructor(
    private readonly paths: readonly string[],
    readonly perRound: number,
  ) {}

  async round(sides: {
    /** Writes and keeps the answers of these paths for the baseline; resolves to their mean body bytes. */
    keep: (paths: readonly string[]) => Promise<number>;
    /** Lets go of what `keep` kept. */
    drop: () => void;
    baseline: FreshRun;
    subject: FreshRun;
  }): Promise<FreshRound> {
    const { perRound } = this;
    // A run may set up a request past its amount that it never sends: each run's paths are
    // followed by spare ones no run is given, so not even those are asked twice.
    const baselineFrom = this.at;
    const subjectFrom = baselineFrom + perRound + GAP;
    this.at = subjectFrom + perRound + GAP;
    if (this.at > this.paths.length)
      throw new Error(`fresh rounds: ${this.at} paths needed, ${this.paths.length} drawn`);
    const take = async (run: FreshRun, from: number): Promise<LoadOutput> => {
      const result = await run(from, perRound);
      if (result.asked > perRound + GAP)
        throw new Error(`fresh rounds: a run set up ${result.asked} paths for ${perRound}`);
      this.distinct += result.total;
      return result;
    };
    const baselineBytes = await sides.keep(this.paths.slice(baselineFrom, baselineFrom + perRound));
    try {
      if (this.rounds++ % 2 === 0) {
        const baseline = await take(sides.baseline, baselineFrom);
        return { baseline, subject: await take(sides.subject, subjectFrom), baselineBytes };
      }
      const subject = await take(sides.subject, subjectFrom);
      return { subject, baseline: await take(sides.baseline, baselineFrom), baselineBytes };
    } finally {
      sides.drop();
    }
  }
}
