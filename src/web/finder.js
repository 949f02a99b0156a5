// @ts-check
// Finding things: one inspection at a time (the selector asks the server for that inspection
// only), then portfolio, search, sort and due filters over the items shown. Every choice lives
// in the URL fragment's query (#/?inspection=…&q=…), so a link or a reload shows the same view.

import { h } from './dom.js';

/** @import { PlanSnapshot } from './types.js' */

/**
 * @typedef {{ inspection: string, portfolio: string, q: string, sort: string, due: string }} Finder
 * @typedef {{ inspectionId: string, title: string }} InspectionChoice
 */

const SORTS = /** @type {const} */ ({
  ref: 'Ref',
  due: 'Due date',
  rag: 'RAG (Red first)',
  changed: 'Last change',
});
const DUE = /** @type {const} */ ({ '': 'All items', overdue: 'Overdue', 'due-soon': 'Due within 14 days' });

/** The finder's state from the URL fragment's query. @returns {Finder} */
export function readFinder() {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  return {
    inspection: query.get('inspection') ?? '',
    portfolio: query.get('portfolio') ?? '',
    q: query.get('q') ?? '',
    sort: query.get('sort') ?? 'ref',
    due: query.get('due') ?? '',
  };
}

/** Writes the finder into the URL without a navigation (no hashchange, no history entry per key). */
export function writeFinder(/** @type {Finder} */ f) {
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === 'sort' && v === 'ref')) query.set(k, v);
  const text = query.toString();
  history.replaceState(null, '', `#${path}${text ? `?${text}` : ''}`);
}

/** The query string of the current finder, for links between views. */
export const finderQuery = () => (location.hash.includes('?') ? `?${location.hash.split('?')[1]}` : '');

/**
 * @param {string} id
 * @param {string} label
 * @param {Record<string, string>} options
 * @param {string} value
 * @param {(value: string) => void} onChange
 */
function select(id, label, options, value, onChange) {
  const el = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id, onchange: () => onChange(el.value) },
      Object.entries(options).map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    )
  );
  return h('div', { class: 'finder-field' }, h('label', { for: id }, label), el);
}

/**
 * The controls. `inspections` from GET /inspections; `portfolios` the names in the answer shown.
 * @param {Finder} f
 * @param {{ inspections: InspectionChoice[], portfolios: string[], onChange: (next: Finder) => void }} o
 */
export function finderControls(f, { inspections, portfolios, onChange }) {
  const set = (/** @type {Partial<Finder>} */ change) => onChange({ ...f, ...change });
  const search = /** @type {HTMLInputElement} */ (
    h('input', { type: 'search', id: 'find-text', value: f.q, placeholder: 'AFI.10, words, an owner' })
  );
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => set({ q: search.value.trim() }), 250);
  });
  return h(
    'form',
    {
      class: 'finder',
      id: 'finder',
      role: 'search',
      'aria-label': 'Find items',
      onsubmit: (/** @type {Event} */ e) => e.preventDefault(),
    },
    select(
      'find-inspection',
      'Inspection',
      { '': 'All inspections', ...Object.fromEntries(inspections.map((i) => [i.inspectionId, i.title])) },
      f.inspection,
      (inspection) => set({ inspection, portfolio: '' }),
    ),
    select(
      'find-portfolio',
      'Portfolio',
      { '': 'All portfolios', ...Object.fromEntries(portfolios.map((p) => [p, p])) },
      f.portfolio,
      (portfolio) => set({ portfolio }),
    ),
    h(
      'div',
      { class: 'finder-field' },
      h('label', { for: 'find-text' }, 'Search ref, text or owner'),
      search,
    ),
    select('find-sort', 'Sort by', SORTS, f.sort, (sort) => set({ sort })),
    select('find-due', 'Show', DUE, f.due, (due) => set({ due })),
  );
}

const RAG_ORDER = { RED: 0, AMBER: 1, GREEN: 2 };

/**
 * The snapshot's plans narrowed and ordered by the finder (at business date `asOf`).
 * @param {PlanSnapshot[]} plans
 * @param {Finder} f
 * @param {string} asOf
 * @returns {PlanSnapshot[]}
 */
export function applyFinder(plans, f, asOf) {
  const words = f.q.toLocaleLowerCase('en-GB');
  const soon = addDays(asOf, 14);
  return plans
    .filter((p) => !f.portfolio || p.plan?.portfolio === f.portfolio)
    .map((p) => ({
      ...p,
      items: p.items
        .filter(({ item }) => {
          if (words) {
            const hay = [item.ref, item.text, item.strategicLead, item.actionOwner, item.latestUpdate?.text]
              .join(' ')
              .toLocaleLowerCase('en-GB');
            if (!hay.includes(words)) return false;
          }
          const open = item.status === 'open' && item.dueDate !== null;
          if (f.due === 'overdue') return open && /** @type {string} */ (item.dueDate) < asOf;
          if (f.due === 'due-soon') {
            const due = /** @type {string} */ (item.dueDate);
            return open && due >= asOf && due <= soon;
          }
          return true;
        })
        .sort((a, b) => {
          const x = a.item;
          const y = b.item;
          if (f.sort === 'due') return (x.dueDate ?? '9999').localeCompare(y.dueDate ?? '9999');
          if (f.sort === 'rag') return (x.rag ? RAG_ORDER[x.rag] : 3) - (y.rag ? RAG_ORDER[y.rag] : 3);
          if (f.sort === 'changed') return y.lastChangedOn.localeCompare(x.lastChangedOn);
          return 0; // the server's order: refs in natural order
        }),
    }));
}

/** @param {string} date @param {number} days */
function addDays(date, days) {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}
