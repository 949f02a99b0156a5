/**
 * A plain-text table for terminals: columns padded to their widest cell, long cells cut with
 * an ellipsis so one long update does not wrap the whole table.
 */
export function renderTable(headers: string[], rows: (string | number | null)[][], maxCell = 60): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))].map((row) =>
    row.map((c) => {
      const flat = c.replace(/\s+/g, ' ').trim();
      return flat.length > maxCell ? `${flat.slice(0, maxCell - 1)}…` : flat;
    }),
  );
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
