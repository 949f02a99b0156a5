/**
 * The board pack as one printable HTML file: self-contained (its style inline, no script, no
 * request to anywhere), every text escaped, a page per portfolio when printed. It is also what
 * the PDF is printed from, so the two never differ.
 */
import { describeTimePoint, type ExportData } from './export-data.js';
import {
  type Cell,
  changesTable,
  overdueTable,
  planTable,
  RAG_WORDS,
  STATUS_WORDS,
  summaryTable,
  type Table,
} from './tables.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `2011-04-27` → `27 Apr 2011`, the way the papers write dates. */
export function ukDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

const STYLE = `
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 1.5cm; }
h1 { font-size: 18pt; margin: 0 0 .3em; } h2 { font-size: 14pt; margin: 1.2em 0 .4em; }
.stamp { border: 1px solid #555; padding: .5em .8em; font-size: 9.5pt; }
.stamp code { word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; font-size: 9pt; }
th, td { border: 1px solid #888; padding: 3px 5px; text-align: left; vertical-align: top; }
thead th { background: #eee; }
td.number { text-align: right; }
.rag { font-weight: 700; padding: 1px 5px; border-radius: 3px; }
.rag-RED { background: #b71c1c; color: #fff; } .rag-AMBER { background: #ffc107; color: #000; }
.rag-GREEN { background: #1b5e20; color: #fff; } .status-closed { background: #e0e0e0; }
section.plan { break-before: page; }
@page { size: A4 landscape; margin: 1.2cm; }
@media print { body { margin: 0; } }
`;

function cellHtml(value: Cell, kind: string): string {
  if (value === null) return '<td></td>';
  if (typeof value === 'number') return `<td class="number">${value}</td>`;
  if (kind === 'rag') {
    const word = RAG_WORDS[value] ?? value;
    return `<td><span class="rag rag-${escapeHtml(value)}">${escapeHtml(word)}</span></td>`;
  }
  if (kind === 'status') {
    const cls = value === 'open' ? '' : ' class="status-closed"';
    return `<td${cls}>${escapeHtml(STATUS_WORDS[value] ?? value)}</td>`;
  }
  if (kind === 'date') return `<td>${escapeHtml(ukDate(value))}</td>`;
  return `<td>${escapeHtml(value)}</td>`;
}

/** A table without its id columns (a printed pack is read, not looked up). */
function tableHtml(table: Table, caption: string): string {
  const keep = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind !== 'id');
  const head = keep.map(({ c }) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${keep.map(({ c, i }) => cellHtml(row[i] ?? null, c.kind)).join('')}</tr>`)
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The printable board pack: the stamp, the summary, changes, overdue, then each plan. */
export function toHtml(data: ExportData): string {
  const m = data.meta;
  const heading = m.report
    ? `Board pack: ${m.report.boardName}, ${ukDate(m.report.boardDate)}`
    : `Board pack as of ${ukDate(m.asOf)}`;
  const stamp = describeTimePoint(m)
    .map(
      (s) =>
        `<p>${escapeHtml(s).replace(m.ledgerDigest.rootHash, `<code>${m.ledgerDigest.rootHash}</code>`)}</p>`,
    )
    .join('');
  const changes = changesTable(data);
  const due = overdueTable(data);
  const parts = [
    `<h1>${escapeHtml(heading)}</h1>`,
    `<div class="stamp" id="export-stamp">${stamp}</div>`,
    '<h2>Summary</h2>',
    tableHtml(summaryTable(data), 'Total, Completed, Green, Amber and Red per portfolio'),
    '<h2>Changes since the previous board</h2>',
    changes
      ? changes.rows.length > 0
        ? tableHtml(changes, changes.title)
        : `<p>${escapeHtml(changes.title)}: no changes.</p>`
      : '<p>No earlier board date.</p>',
    '<h2>Overdue and due soon</h2>',
    due && due.rows.length > 0 ? tableHtml(due, due.title) : '<p>Nothing overdue or due soon.</p>',
    ...data.plans.map((p) => {
      const t = planTable(p, data);
      return `<section class="plan"><h2>${escapeHtml(t.name)}</h2>${tableHtml(
        { ...t, columns: t.columns.slice(1), rows: t.rows.map((r) => r.slice(1)) },
        t.title,
      )}</section>`;
    }),
  ];
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escapeHtml(heading)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}
