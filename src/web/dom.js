// Small DOM helpers. Text always goes in through text nodes, never innerHTML: every string on
// the page comes from the ledger, where anyone with a contributor key can write anything.

/** h('td', { class: 'num' }, 'text', child) → element. `on*` attributes become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2025-04-24' → '24 Apr 2025' (calendar dates are never shifted by time zones). */
export function formatDate(date) {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** An instant in the reader's own time zone, to the minute, e.g. '24 Apr 2025 14:05'. */
export function formatInstant(instant) {
  if (!instant) return '—';
  const t = new Date(instant);
  const pad = (n) => String(n).padStart(2, '0');
  return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

const RAG_WORDS = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };

/** A RAG badge: colour and word, so it reads in black and white and to screen readers. */
export function ragBadge(rag) {
  return h(
    'span',
    { class: `badge rag-${rag ?? 'NONE'}`, dataset: { rag: rag ?? 'none' } },
    RAG_WORDS[rag] ?? 'Not rated',
  );
}

const STATUS_WORDS = { open: 'Open', complete: 'Complete', 'not-applicable': 'N/A' };

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, dataset: { status } }, STATUS_WORDS[status] ?? status);
}

export const kindWord = (kind) =>
  ({
    recommendation: 'Recommendation',
    'area-for-improvement': 'Area for improvement',
    'national-recommendation': 'National recommendation',
    'sub-recommendation': 'Sub-recommendation',
  })[kind] ?? kind;

/** The problem box: what happened (title, detail) and what to do next. */
export function problemBox(error) {
  return [
    h('strong', {}, error.title ?? 'Something went wrong'),
    h('span', { class: 'problem-detail' }, error.message),
    h('span', { class: 'problem-advice' }, error.advice ?? ''),
  ];
}

export const itemLink = (itemId, label) => h('a', { href: `#/items/${encodeURIComponent(itemId)}` }, label);
