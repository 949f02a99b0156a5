// @ts-check
// Small DOM helpers. Text always goes in through text nodes, never innerHTML: every string on
// the page comes from the ledger, where anyone with a contributor key can write anything.

/** @import { Child } from './types.js' */

/**
 * Attributes: `on*` functions become listeners, `dataset` fills data-*, true is a bare attribute,
 * and false, null and undefined leave it out.
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * h('td', { class: 'num' }, 'text', child) → element. `on*` attributes become listeners.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function')
      el.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child === undefined || child === null || child === false) continue;
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's content.
 * @template {Element} E
 * @param {E} el
 * @param {Child[]} children
 * @returns {E}
 */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * '2025-04-24' → '24 Apr 2025' (calendar dates are never shifted by time zones).
 * @param {string | null | undefined} date
 */
export function formatDate(date) {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 0) - 1]} ${y}`;
}

/**
 * An instant in the reader's own time zone, to the minute, e.g. '24 Apr 2025 14:05'.
 * @param {string | null | undefined} instant
 */
export function formatInstant(instant) {
  if (!instant) return '—';
  const t = new Date(instant);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** @type {Record<string, string>} */
const RAG_WORDS = { RED: 'Red', AMBER: 'Amber', GREEN: 'Green' };

/**
 * A RAG badge: colour and word, so it reads in black and white and to screen readers.
 * @param {string | null | undefined} rag
 */
export function ragBadge(rag) {
  return h(
    'span',
    { class: `badge rag-${rag ?? 'NONE'}`, dataset: { rag: rag ?? 'none' } },
    (rag && RAG_WORDS[rag]) ?? 'Not rated',
  );
}

/** @type {Record<string, string>} */
const STATUS_WORDS = { open: 'Open', complete: 'Complete', 'not-applicable': 'N/A' };

/** @param {string} status */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, dataset: { status } }, STATUS_WORDS[status] ?? status);
}

/** @type {(kind: string) => string} */
export const kindWord = (kind) =>
  /** @type {Record<string, string>} */ ({
    recommendation: 'Recommendation',
    'area-for-improvement': 'Area for improvement',
    'national-recommendation': 'National recommendation',
    'sub-recommendation': 'Sub-recommendation',
  })[kind] ?? kind;

/**
 * The problem box: what happened (title, detail) and what to do next.
 * @param {{ title?: string, message: string, advice?: string }} error an ApiError or the like
 */
export function problemBox(error) {
  return [
    h('strong', {}, error.title ?? 'Something went wrong'),
    h('span', { class: 'problem-detail' }, error.message),
    h('span', { class: 'problem-advice' }, error.advice ?? ''),
  ];
}

/** @type {(itemId: string, label: string) => HTMLAnchorElement} */
export const itemLink = (itemId, label) => h('a', { href: `#/items/${encodeURIComponent(itemId)}` }, label);
