import { pathToFileURL } from 'node:url';
import { type BenchOptions, type BenchResult, RESULT_MARK } from './harness.js';

/**
 * Runs one benchmark in its own process: `node --import tsx bench/child.ts <module> <export>
 * <options json>`. A fresh process per benchmark keeps one benchmark's heap, JIT warm-up and
 * open files from colouring the next (resident memory would be meaningless otherwise).
 * The result goes to stdout on one line after RESULT_MARK; progress goes to stderr.
 */

async function main(): Promise<void> {
  const [modulePath, exportName, json] = process.argv.slice(2);
  if (!modulePath || !exportName || !json)
    throw new Error('usage: child.ts <module> <export> <options json>');
  const options = {
    ...(JSON.parse(json) as Omit<BenchOptions, 'log'>),
    log: (line: string) => console.error(line),
  };
  const module = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  const bench = module[exportName];
  if (typeof bench !== 'function') throw new Error(`${modulePath} exports no benchmark ${exportName}`);
  const results = (await bench(options)) as BenchResult | BenchResult[];
  for (const result of Array.isArray(results) ? results : [results]) {
    process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
  }
}

main().then(
  // Exit explicitly: a benchmark's server or store handle must not keep the run waiting.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
