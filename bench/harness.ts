/**
 * What every benchmark reports: its figure, the baseline measured in the same process run,
 * and their ratio, plus the target it is judged against. Benchmarks are not tests: nothing
 * here fails a run; a missed target is reported, and the note says why.
 */
export interface Figure {
  value: number;
  unit: string;
}

export interface BenchResult {
  /** e.g. "command appends (full path)". */
  name: string;
  /** Ledger size the figure was measured at, e.g. "100k"; "-" when not size-bound. */
  size: string;
  figure: Figure;
  /** Null when a benchmark has no baseline (resident memory, startup). */
  baseline: (Figure & { label: string }) | null;
  /** figure / baseline, or baseline / figure for latencies (so > 1 is always "faster"). */
  ratio: number | null;
  /** The target in words and whether it was met; met is null at smoke size (not judged). */
  target: { text: string; met: boolean | null } | null;
  /** How it was measured, and anything odd seen while measuring. */
  notes: string[];
}

export interface BenchOptions {
  /** Events in the ledger under test. */
  size: number;
  seed: string;
  /** Repetitions whose median is reported. */
  repeats: number;
  smoke: boolean;
  log: (line: string) => void;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile of already measured samples (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Runs baseline and subject alternately, `repeats` times each, and returns the medians.
 * Alternating (rather than all baselines, then all subjects) spreads the noise of a shared
 * machine over both sides evenly, so the ratio stays meaningful when the absolutes wobble.
 */
export async function alternate(
  repeats: number,
  baseline: (round: number) => Promise<number> | number,
  subject: (round: number) => Promise<number> | number,
): Promise<{ baseline: number; subject: number; baselines: number[]; subjects: number[] }> {
  const baselines: number[] = [];
  const subjects: number[] = [];
  for (let round = 0; round < repeats; round++) {
    baselines.push(await baseline(round));
    subjects.push(await subject(round));
  }
  return { baseline: median(baselines), subject: median(subjects), baselines, subjects };
}

/** Judges a target only at full size: smoke runs are too small to mean anything. */
export const judged = (options: BenchOptions, met: boolean): boolean | null => (options.smoke ? null : met);

export const rate = (count: number, ms: number): number => (count / ms) * 1000;

export const spread = (values: readonly number[], digits = 0): string =>
  values.map((v) => v.toFixed(digits)).join(', ');

/** Prefix of the stdout line that carries a child process's result (everything else is progress). */
export const RESULT_MARK = '@@bench-result ';
