/** One record of a table file, with where it starts. */
export interface TableRow {
  /** 1-based physical line (CSV/TSV) or running row number (XLSX) where the record starts. */
  line: number;
  cells: string[];
  /** Worksheet name, for XLSX files. */
  sheet?: string;
}

/**
 * Splits CSV or TSV text into records (RFC 4180 quoting: `"a, b"`, `""` for a quote, newlines
 * inside quotes). Each record remembers the physical line it starts on, for the import report.
 */
export function parseDelimited(text: string, delimiter: ',' | '\t'): TableRow[] {
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: start, cells });
      cells = [];
      cell = '';
      line++;
      start = line;
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: start, cells });
  }
  return rows;
}
