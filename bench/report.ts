import type { BenchResult } from './harness.js';

const fmt = (value: number): string =>
  !Number.isFinite(value)
    ? String(value)
    : Math.abs(value) >= 100
      ? Math.round(value).toLocaleString('en-GB')
      : value.toFixed(value >= 10 ? 1 : 2);

const verdict = (result: BenchResult): string =>
  result.target === null
    ? ''
    : result.target.met === null
      ? 'not judged'
      : result.target.met
        ? 'MET'
        : 'MISSED';

/** One result as table cells: name, size, figure, baseline, ratio, target, verdict. */
export function cells(result: BenchResult): string[] {
  return [
    result.name,
    result.size,
    `${fmt(result.figure.value)} ${result.figure.unit}`,
    result.baseline
      ? `${fmt(result.baseline.value)} ${result.baseline.unit} (${result.baseline.label})`
      : '-',
    result.ratio === null ? '-' : `${(result.ratio * 100).toFixed(0)}%`,
    result.target?.text ?? '-',
    verdict(result),
  ];
}

const HEADER = ['benchmark', 'size', 'figure', 'baseline (same run)', 'ratio', 'target', 'verdict'];

/** A Markdown table, so a run's output pastes straight into docs/performance.md. */
export function markdownTable(results: readonly BenchResult[]): string {
  const rows = [HEADER, HEADER.map(() => '---'), ...results.map(cells)];
  return rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** What a human reads at the end of a run: the table, then every note under its benchmark. */
export function printReport(results: readonly BenchResult[], failures: readonly string[]): void {
  console.log('');
  console.log(markdownTable(results));
  console.log('');
  for (const result of results) {
    console.log(`${result.name} (${result.size}):`);
    for (const note of result.notes) console.log(`  - ${note}`);
  }
  for (const failure of failures) console.log(`FAILED TO RUN: ${failure}`);
}

/** Prints one result as soon as it arrives: a long run shows its figures as it goes. */
export function printOne(result: BenchResult): void {
  const [name, size, figure, baseline, ratio, , judgement] = cells(result);
  console.log(
    `  ${name} [${size}]: ${figure}; baseline ${baseline}; ratio ${ratio}${judgement ? `; ${judgement}` : ''}`,
  );
}
