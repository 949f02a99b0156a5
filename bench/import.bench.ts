import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../src/domain/envelope.js';
import { readDocument } from '../src/import/read/read-document.js';
import { runImport } from '../src/import/record/run-import.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { generateCsv } from './generator-csv.js';
import { type BenchOptions, type BenchResult, judged, median, rate, spread } from './harness.js';
import { removeDatabase, scratchPath } from './scratch.js';

const SEEDS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'seeds');
const ACTOR: Actor = { id: 'cli:bench', method: 'import', requestId: null, claimedName: null };

interface Timing {
  rows: number;
  events: number;
  parseMs: number;
  totalMs: number;
  problems: string[];
}

/**
 * One import run into a fresh ledger, as `ledger import` does it: read and parse each file,
 * then plan, decide and append (many streams per commit), then close the store. The read + parse alone, timed in
 * rounds of its own (`alternate`), is the baseline, so the ratio says how much the ledger side
 * (planning, deciding, hashing, durable appends) costs on top of reading the document.
 */
async function importFiles(files: string[], name: string): Promise<Timing> {
  const path = scratchPath(name);
  const store = openSqliteStore({ path });
  const timing: Timing = { rows: 0, events: 0, parseMs: 0, totalMs: 0, problems: [] };
  for (const file of files) {
    const started = performance.now();
    const document = await readDocument(file);
    const parsed = performance.now();
    const { report } = await runImport(store, document, { actor: ACTOR, today: '2026-01-01' });
    timing.parseMs += parsed - started;
    timing.totalMs += performance.now() - started;
    timing.rows += report.rows.read;
    timing.events += report.events.appended;
    if (report.status !== 'imported')
      timing.problems.push(`${file}: ${report.status} ${JSON.stringify(report.failures[0] ?? '')}`);
  }
  // Closing is the import's too (`ledger import` closes before it exits): the last connection
  // copies what is left in the WAL into the database file (sqlite-schema.ts).
  const closing = performance.now();
  await store.close();
  timing.totalMs += performance.now() - closing;
  removeDatabase(path);
  return timing;
}

/** Read and parse only (no ledger): the baseline, the same files in the same run (rows: the import's count). */
async function readFiles(files: string[]): Promise<Timing> {
  const timing: Timing = { rows: 0, events: 0, parseMs: 0, totalMs: 0, problems: [] };
  for (const file of files) {
    const started = performance.now();
    await readDocument(file);
    timing.parseMs += performance.now() - started;
  }
  timing.totalMs = timing.parseMs;
  return timing;
}

/**
 * Rounds alternate an import (read, parse, plan, decide, append) with a read + parse of the same
 * files, swapping which goes first each round, so a machine getting busier or quieter during the
 * run weighs on both alike. The baseline is the read + parse rounds; the figure the import rounds.
 */
async function alternate(
  files: string[],
  rounds: number,
  name: string,
): Promise<{ imports: Timing[]; reads: Timing[] }> {
  const imports: Timing[] = [];
  const reads: Timing[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 1) reads.push(await readFiles(files));
    imports.push(await importFiles(files, `${name}-${i}`));
    if (i % 2 === 0) reads.push(await readFiles(files));
  }
  return { imports, reads };
}

function result(
  name: string,
  size: string,
  { imports: runs, reads }: { imports: Timing[]; reads: Timing[] },
  note: string,
  target: { options: BenchOptions } | null = null,
): BenchResult {
  const imported = median(runs.map((t) => rate(t.rows, t.totalMs)));
  const first = runs[0];
  // The same file: its rows as the import counted them.
  const rows = first?.rows ?? 0;
  const parsed = median(reads.map((t) => rate(rows, t.parseMs)));
  const notes = [
    `${note}; ${first?.rows} rows → ${first?.events} events; ${runs.length} round(s), each import into a fresh ledger, alternated with a read + parse of the same files (order swapped each round)`,
    `import rounds (rows/s): ${spread(runs.map((t) => rate(t.rows, t.totalMs)))}; events/s: ${spread(runs.map((t) => rate(t.events, t.totalMs)))}; read + parse rounds (rows/s): ${spread(reads.map((t) => rate(rows, t.parseMs)))}`,
    `read + parse inside the import rounds (rows/s): ${spread(runs.map((t) => rate(t.rows, t.parseMs)))}`,
  ];
  const problems = runs.flatMap((t) => t.problems);
  if (problems.length > 0)
    notes.push(`IMPORT PROBLEMS (figure is not valid): ${problems.slice(0, 2).join(' | ')}`);
  return {
    name,
    size,
    figure: { value: imported, unit: 'rows/s' },
    baseline: { value: parsed, unit: 'rows/s', label: 'read + parse the same file only, alternate rounds' },
    ratio: imported / parsed,
    target: target
      ? {
          text: '≥ 50% of read + parse',
          met: judged(target.options, imported / parsed >= 0.5 && problems.length === 0),
        }
      : null,
    notes,
  };
}

/** Import of the four seed papers, and of a generated 10k-row CSV plan. */
export async function imports(options: BenchOptions): Promise<BenchResult[]> {
  const seeds = readdirSync(SEEDS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(SEEDS_DIR, f));
  const seedRuns = await alternate(seeds, options.repeats, 'import-seeds');

  const rows = options.smoke ? 1000 : 10_000;
  const csv = join(dirname(scratchPath('import-csv')), `plan-${rows}.csv`);
  writeFileSync(csv, generateCsv(rows, options.seed));
  const csvRuns = await alternate([csv], Math.min(options.repeats, 3), 'import-csv');
  return [
    result(
      'import, four seed papers',
      `${seeds.length} files`,
      seedRuns,
      'seed text exports (../shared/seeds)',
    ),
    result(
      // Issue 14's row: "import, generated 10k-row CSV ≥ 50% of read + parse".
      `import, generated ${rows / 1000}k-row CSV`,
      `${rows} rows`,
      csvRuns,
      'one CSV plan file, one row per item, last 3 updates per cell',
      { options },
    ),
  ];
}
