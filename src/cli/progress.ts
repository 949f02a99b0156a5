/**
 * Progress for long CLI work (rebuild, import, migrate), always on stderr so stdout stays
 * clean for `--json` and pipes. On a terminal (or with `--progress`) it redraws one bar line;
 * otherwise (CI logs, redirected output) it prints a plain line every few seconds, so a log
 * shows the work moving without thousands of carriage returns.
 */

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  /** What is being counted, e.g. "events". */
  label: string;
  /** The same for a count of one ("event"): never "1 events", "1/1 lines". Default: `label`. */
  one?: string;
  /** The expected total; unknown (null) shows a count without a percentage. */
  total: number | null;
  stream?: ProgressSink;
  /** `--progress`: draw the bar even when stderr is not a terminal. */
  force?: boolean;
  /** `--quiet`: nothing at all. */
  quiet?: boolean;
  /** Minimum time between plain lines (ms). Default 2000. */
  lineIntervalMs?: number;
  now?: () => number;
}

export interface Progress {
  /** Adds `n` (default 1) to the count. */
  tick(n?: number): void;
  /** Sets the count. */
  update(done: number): void;
  /** Prints the final state and a newline. */
  finish(summary?: string): void;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

function describe(options: ProgressOptions, done: number, total: number | null): string {
  const label = (n: number) => (n === 1 && options.one !== undefined ? options.one : options.label);
  if (total === null || total <= 0) return `${done} ${label(done)}`;
  const pct = Math.min(100, Math.floor((done / total) * 100));
  return `${done}/${total} ${label(total)} (${pct}%)`;
}

function bar(done: number, total: number | null): string {
  if (total === null || total <= 0) return '';
  const filled = Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] `;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const mode = options.quiet ? 'off' : options.force || stream.isTTY ? 'bar' : 'lines';
  const interval = mode === 'bar' ? REDRAW_MS : (options.lineIntervalMs ?? 2000);
  let done = 0;
  let last = Number.NEGATIVE_INFINITY;
  const draw = (final: boolean) => {
    if (mode === 'off') return;
    const t = now();
    if (!final && t - last < interval) return;
    last = t;
    const text = describe(options, done, options.total);
    if (mode === 'bar') stream.write(`\r${bar(done, options.total)}${text}\u001b[K${final ? '\n' : ''}`);
    else stream.write(`${text}\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw(false);
    },
    update(value) {
      done = value;
      draw(false);
    },
    finish(summary) {
      draw(true);
      if (summary !== undefined && mode !== 'off') stream.write(`${summary}\n`);
    },
  };
}
