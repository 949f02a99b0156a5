/**
 * Earlier versions of a real export, made from its text the way the spreadsheet looked when it
 * went to an earlier board: every dated entry written after `cut` is taken out of its cell, and a
 * row whose Date of Update is after `cut` gets the date of its latest entry left (blank when none
 * is left) and no Complete / RAG yet. Cutting the text (not the parsed document) makes each
 * version go through the reader as a real file would.
 *
 * This is deliberately independent of the reader's own entry splitting: an entry starts at the
 * start of a cell, at a list item, after a sentence's end or at "Update", with a day-month-year
 * date, an optional "from <who>" and a dash.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const ENTRY =
  /(?:<li>\s*)?(?:-\s+)?(?:Update\s+)?(\d{1,2})\s+([A-Z][a-z]{2,8})\s+(\d{4})(?:\s+from\s+[^\t\-–]{1,60}?)?\s*[-–]\s/g;

function isoOf(day: string, month: string, year: string): string | null {
  const m = MONTHS.indexOf(month.slice(0, 3).toLowerCase());
  if (m < 0) return null;
  return `${year}-${String(m + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Starts (and dates) of the dated entries of one cell. */
function entriesOf(cell: string): { start: number; date: string }[] {
  const found: { start: number; date: string }[] = [];
  for (const m of cell.matchAll(ENTRY)) {
    const start = m.index ?? 0;
    const before = cell.slice(0, start);
    const atBoundary =
      before.trim() === '' ||
      /<ul>\s*$|<\/li>\s*$|[.!?)]\s+$/.test(before) ||
      m[0].startsWith('<li>') ||
      /^(?:-\s+)?Update\s/.test(m[0]);
    const date = isoOf(m[1] ?? '', m[2] ?? '', m[3] ?? '');
    if (atBoundary && date !== null) found.push({ start, date });
  }
  return found;
}

/** The cell without its entries dated after `cut`, and the dates of the entries kept. */
function cutCell(cell: string, cut: string): { text: string; kept: string[] } {
  const entries = entriesOf(cell);
  if (entries.length === 0) return { text: cell, kept: [] };
  let text = cell.slice(0, entries[0]?.start ?? 0);
  const kept: string[] = [];
  entries.forEach((e, i) => {
    const end = entries[i + 1]?.start ?? cell.length;
    if (e.date <= cut) {
      text += cell.slice(e.start, end);
      kept.push(e.date);
    }
  });
  // A list whose last item went keeps its closing tag.
  if (/<\/ul>\s*$/.test(cell) && !/<\/ul>\s*$/.test(text)) text = `${text.trimEnd()} </ul>`;
  return { text, kept };
}

/** The row's Date of Update: the last short date (`08-Jan-15`, or split `23-Jan-` | `15`) in its last cells. */
const DATE_OF_UPDATE = /^([\s\S]*)(\d{2})-([A-Z][a-z]{2})(-?)(\t?)-?(\d{2})((?:\t[^\t]*){0,2})$/;

function shortDate(iso: string, sep: string, tab: string): { day: string; rest: string } {
  const [year, month, day] = iso.split('-');
  return { day: `${day}-${SHORT[Number(month) - 1]}${sep}`, rest: `${tab}${(year ?? '').slice(2)}` };
}

function cutRow(line: string, cut: string): string {
  if (!line.includes('\t')) return line;
  const cells = line.split('\t');
  const kept: string[] = [];
  const cutCells = cells.map((cell) => {
    const r = cutCell(cell, cut);
    kept.push(...r.kept);
    return r.text;
  });
  const row = cutCells.join('\t');
  const m = DATE_OF_UPDATE.exec(row);
  if (!m) return row;
  const [, head, day, month, sep, tab, year, tail] = m;
  const dateOfUpdate = isoOf(day ?? '', month ?? '', `20${year}`);
  if (dateOfUpdate === null || dateOfUpdate <= cut) return row;
  // The row had not reached this Date of Update yet: its latest entry left dates it, and its
  // status (Complete, RAG) had not been given.
  const latest = kept.sort().at(-1);
  const after = (tail ?? '').replace(/[^\t]+/g, '');
  const date = latest ? shortDate(latest, sep ?? '', tab ?? '') : { day: '', rest: tab ?? '' };
  return `${head}${date.day}${date.rest}${after}`;
}

const WRAP = '\u0000';

/**
 * A response wrapped onto a row of its own (only that cell filled, seed 000 line 25) is the start
 * of the next row's same cell: cut together with it, so an entry and its continuation go together.
 */
function joinWrapped(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const cells = (out[i] ?? '').split('\t');
    const next = (out[i + 1] ?? '').split('\t');
    const filled = cells.flatMap((c, k) => (c.trim() === '' ? [] : [k]));
    const k = filled[0];
    if (cells.length < 3 || next.length !== cells.length || filled.length !== 1 || k === undefined) continue;
    next[k] = `${cells[k]}${WRAP}${next[k]}`;
    cells[k] = WRAP;
    out[i] = cells.join('\t');
    out[i + 1] = next.join('\t');
  }
  return out;
}

/** Puts a wrapped cell back on its own row (empty when its entry was cut). */
function splitWrapped(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i + 1 < out.length; i++) {
    const cells = (out[i] ?? '').split('\t');
    const k = cells.indexOf(WRAP);
    if (k < 0) continue;
    const next = (out[i + 1] ?? '').split('\t');
    const [head, tail] = (next[k] ?? '').includes(WRAP) ? (next[k] ?? '').split(WRAP) : ['', next[k]];
    cells[k] = head ?? '';
    next[k] = tail ?? '';
    out[i] = cells.join('\t');
    out[i + 1] = next.join('\t');
  }
  return out;
}

/** The export as it stood on `cut`: see the module comment. */
export function earlierVersion(text: string, cut: string): string {
  return splitWrapped(joinWrapped(text.split('\n')).map((line) => cutRow(line, cut))).join('\n');
}
