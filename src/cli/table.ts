/**
 * A plain-text table for terminals: columns padded to their widest cell. A cell longer than
 * `maxCell` is cut with an ellipsis, or with `wrap` broken into lines at spaces, so a long
 * update reads in full without stretching the table off the screen.
 */
export function renderTable(
  headers: string[],
  rows: (string | number | null)[][],
  maxCell = 60,
  options: { wrap?: boolean } = {},
): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))].map((row) =>
    row.map((c): string[] => {
      const flat = c.replace(/\s+/g, ' ').trim();
      if (flat.length <= maxCell) return [flat];
      return options.wrap ? wrapText(flat, maxCell) : [`${flat.slice(0, maxCell - 1)}…`];
    }),
  );
  const widths = headers.map((_, i) =>
    Math.max(...cells.flatMap((row) => (row[i] ?? ['']).map((l) => l.length))),
  );
  const lines = (row: string[][]) => {
    const height = Math.max(1, ...row.map((c) => c.length));
    return Array.from({ length: height }, (_, n) =>
      row
        .map((c, i) => (c[n] ?? '').padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  };
  const [head, ...body] = cells;
  return [...lines(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.flatMap(lines)].join(
    '\n',
  );
}

/** Breaks text into lines of at most `width` characters, at spaces where there are any. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    for (let w = word; w.length > 0; ) {
      const room = line === '' ? width : width - line.length - 1;
      if (w.length <= room) {
        line = line === '' ? w : `${line} ${w}`;
        w = '';
      } else if (line !== '') {
        out.push(line);
        line = '';
      } else {
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  if (line !== '') out.push(line);
  return out;
}
