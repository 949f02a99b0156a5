import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchOptions, type BenchResult, RESULT_MARK } from './harness.js';
import { formatCount } from './ledger-cache.js';
import { markdownTable, printOne, printReport } from './report.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

const USAGE = `npm run bench -- [--smoke] [--size 10k|100k|1M] [--only name,name] [--repeats n] [--seed s]

  --smoke     every benchmark at 10k events, 1 repetition; prints every figure, judges no target
  --size      run the size-bound benchmarks at this size only (default: each at its target sizes)
  --only      names: NAMES
  --repeats   repetitions per figure (medians are reported); default 5, smoke 1
  --seed      generator seed; default 1
  --profile   directory: each benchmark's child process writes a V8 CPU profile there (node --cpu-prof)`;

interface Entry {
  name: string;
  module: string;
  exportName: string;
  /** The ledger sizes this benchmark runs at by default; [0] = not size-bound. */
  sizes: number[];
}

/** Every benchmark, in the order a full run takes them (cheap first, so failures show early). */
const ENTRIES: Entry[] = [
  { name: 'command-append', module: 'append.bench.ts', exportName: 'commandAppends', sizes: [0] },
  { name: 'bulk-append', module: 'append.bench.ts', exportName: 'bulkAppends', sizes: [100_000] },
  { name: 'group-commit', module: 'group-commit.bench.ts', exportName: 'groupCommitAppends', sizes: [0] },
  { name: 'http-commands', module: 'http-commands.bench.ts', exportName: 'httpCommands', sizes: [0] },
  { name: 'import', module: 'import.bench.ts', exportName: 'imports', sizes: [0] },
  { name: 'rebuild', module: 'rebuild.bench.ts', exportName: 'rebuild', sizes: [100_000, 1_000_000] },
  {
    name: 'point-in-time',
    module: 'point-in-time.bench.ts',
    exportName: 'pointInTime',
    sizes: [100_000, 1_000_000],
  },
  {
    name: 'board-summary',
    module: 'board-summary.bench.ts',
    exportName: 'boardSummaryReads',
    sizes: [100_000, 1_000_000],
  },
  {
    name: 'imported-counts',
    module: 'imported-counts.bench.ts',
    exportName: 'importedCounts',
    sizes: [1_000_000],
  },
  { name: 'http', module: 'http.bench.ts', exportName: 'httpReads', sizes: [1_000_000] },
  { name: 'memory', module: 'memory.bench.ts', exportName: 'residentMemory', sizes: [1_000_000] },
  { name: 'startup', module: 'startup.bench.ts', exportName: 'startup', sizes: [1_000_000] },
];

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text);
  if (!match) throw new Error(`--size ${text}: expected e.g. 10k, 100k, 1M`);
  const scale = match[2]?.toLowerCase() === 'k' ? 1000 : match[2]?.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(Number(match[1]) * scale);
}

interface RunArgs {
  smoke: boolean;
  size: number | null;
  only: string[] | null;
  repeats: number | null;
  seed: string;
  profile: string | null;
}

function parseArgs(argv: string[]): RunArgs {
  const args: RunArgs = { smoke: false, size: null, only: null, repeats: null, seed: '1', profile: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--smoke') args.smoke = true;
    else if (flag === '--size') args.size = parseSize(value());
    else if (flag === '--only') args.only = value().split(',').filter(Boolean);
    else if (flag === '--repeats') args.repeats = Math.max(1, Number.parseInt(value(), 10));
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--profile') args.profile = value();
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE.replace('NAMES', ENTRIES.map((e) => e.name).join(', ')));
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  const unknown = args.only?.filter((name) => !ENTRIES.some((e) => e.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: no benchmark named ${unknown.join(', ')}`);
  return args;
}

/** One benchmark in a child process; resolves with its results, or rejects naming the failure. */
function runChild(
  entry: Entry,
  options: Omit<BenchOptions, 'log'>,
  profile: string | null = null,
): Promise<BenchResult[]> {
  const args = [
    // One directory per benchmark: V8 writes a profile per thread (the loader's too), unique names.
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profile, entry.name)}`] : []),
    // The V8 setting `npm start` runs the server with (package.json), so figures are the server's.
    '--max-semi-space-size=64',
    '--import',
    'tsx',
    '--expose-gc',
    join(BENCH_DIR, 'child.ts'),
    join(BENCH_DIR, entry.module),
    entry.exportName,
    JSON.stringify(options),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const results: BenchResult[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT_MARK)) {
          const result = JSON.parse(line.slice(RESULT_MARK.length)) as BenchResult;
          results.push(result);
          printOne(result);
        } else if (line.length > 0) console.log(`  ${line}`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(results) : reject(new Error(`${entry.name} exited with code ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const entries = ENTRIES.filter((e) => args.only === null || args.only.includes(e.name));
  const repeats = args.repeats ?? (args.smoke ? 1 : 5);
  const startedAt = new Date();
  console.log(
    `Plan Ledger benchmarks, ${args.smoke ? 'smoke (10k, not judged)' : 'full'}; node ${process.version}`,
  );
  // The machine is shared: the load average says how much the figures can be trusted.
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`;
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();
  console.log(`machine: ${machine}; load average ${loadBefore}`);
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const entry of entries) {
    const sizes = args.smoke
      ? [10_000]
      : args.size !== null
        ? [args.size]
        : entry.sizes.map((s) => s || 10_000);
    for (const size of sizes) {
      console.log(`\n${entry.name} @ ${formatCount(size)}`);
      const started = performance.now();
      try {
        results.push(
          ...(await runChild(entry, { size, seed: args.seed, repeats, smoke: args.smoke }, args.profile)),
        );
      } catch (error) {
        failures.push(
          `${entry.name} @ ${formatCount(size)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  printReport(results, failures);
  const loadAfter = load();
  console.log(`load average before ${loadBefore}, after ${loadAfter}`);
  const resultsDir = join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    join(resultsDir, `${stamp}.json`),
    JSON.stringify({ startedAt, machine, loadBefore, loadAfter, args, results, failures }, null, 2),
  );
  writeFileSync(join(resultsDir, `${stamp}.md`), `${markdownTable(results)}\n`);
  // A benchmark that crashed is a broken benchmark: CI's smoke run exists to catch exactly that.
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
