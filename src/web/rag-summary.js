// @ts-check
// The board summary table: per portfolio, Total / Completed / Green / Amber / Red for
// recommendations and for areas for improvement, as the board papers print it. Every number is
// a button that lists the items behind it, fetched a page at a time when it is opened
// (GET /board-summary/items), so a reader can check a figure rather than trust it and the table
// itself stays the size of the portfolios, however many items there are.

import { formatDate, h, itemLink, ragBadge, statusBadge } from './dom.js';

/** @import { BoardCounts, ItemRef, PlanNames, RowCounts, SummaryItemsPage } from './types.js' */
/** @typedef {'recommendations' | 'areasForImprovement'} RowKey */
/** @typedef {'total' | 'completed' | 'green' | 'amber' | 'red'} ColumnKey */
/**
 * A portfolio's two rows, or all portfolios' together ('overall').
 * @typedef {{ key: string, name: string, p: Record<RowKey, RowCounts> }} Group
 */
/**
 * One page of a cell's items, asked of the server: the plan (absent: every portfolio shown).
 * @typedef {(cell: { planId?: string, row: RowKey, column: ColumnKey, offset: number, limit: number })
 *   => Promise<SummaryItemsPage>} FetchPage
 */

/** Items listed per page of a drill-down. */
export const PAGE_SIZE = 50;

/** @type {[RowKey, string][]} */
const ROWS = [
  ['recommendations', 'Recommendations'],
  ['areasForImprovement', 'Areas for improvement'],
];
/** @type {[ColumnKey, string][]} */
const COLUMNS = [
  ['total', 'Total'],
  ['completed', 'Completed'],
  ['green', 'Green'],
  ['amber', 'Amber'],
  ['red', 'Red'],
];

/**
 * Which number is open and from which item its list is shown: kept across re-renders (live
 * updates, time changes), so a reader paging through a long list keeps their place.
 * @type {{ id: string, offset: number } | null}
 */
let selected = null;

/**
 * @param {BoardCounts} summary GET /board-summary (a row per portfolio)
 * @param {{ interactive?: boolean, onToggle?: () => void, planNames?: PlanNames, fetchPage?: FetchPage }} [options]
 *   interactive: false for the printed pack (plain numbers, no drill-down);
 *   onToggle: re-render after a number is opened or closed;
 *   fetchPage: how the items behind a number are asked for (required when interactive)
 * @returns {(HTMLElement | null)[]}
 */
export function ragSummary(
  summary,
  { interactive = true, onToggle = () => {}, planNames = new Map(), fetchPage } = {},
) {
  /** @type {Group[]} */
  const groups = [...summary.portfolios.map((p) => ({ key: p.planId, name: p.portfolio ?? p.planId, p }))];
  groups.push({ key: 'overall', name: 'All portfolios', p: summary.overall });

  /**
   * @param {Group} group
   * @param {RowKey} rowKey
   * @param {string} rowName
   * @param {[ColumnKey, string]} column
   */
  const cell = (group, rowKey, rowName, [column, columnName]) => {
    const counts = group.p[rowKey];
    const value = counts[column];
    const id = `count-${group.key}-${rowKey}-${column}`;
    const attrs = {
      class: 'num',
      dataset: { plan: group.key, portfolio: group.name, row: rowKey, column },
    };
    if (!interactive) return h('td', attrs, String(value));
    const open = selected?.id === id;
    return h(
      'td',
      attrs,
      h(
        'button',
        {
          type: 'button',
          class: 'count',
          id,
          'aria-pressed': open ? 'true' : 'false',
          'aria-label': `${group.name}, ${rowName}, ${columnName}: ${value}. Show the items.`,
          onclick: () => {
            selected = open ? null : { id, offset: 0 };
            onToggle();
          },
        },
        String(value),
      ),
    );
  };

  const body = groups.flatMap((group) =>
    ROWS.map(([rowKey, rowName], i) =>
      h(
        'tr',
        { class: group.key === 'overall' ? 'overall' : undefined },
        i === 0 ? h('th', { scope: 'rowgroup', rowspan: ROWS.length }, group.name) : null,
        h('th', { scope: 'row' }, rowName),
        COLUMNS.map((c) => cell(group, rowKey, rowName, c)),
        h('td', { class: 'num meta' }, extrasOf(group.p[rowKey])),
      ),
    ),
  );

  const table = h(
    'table',
    { class: 'summary', id: 'rag-summary' },
    h('caption', {}, `RAG summary at ${formatDate(summary.asOf)}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Portfolio'),
        h('th', { scope: 'col' }, 'Items'),
        COLUMNS.map(([, name]) => h('th', { scope: 'col', class: 'num' }, name)),
        h('th', { scope: 'col', class: 'num' }, 'Notes'),
      ),
    ),
    h('tbody', {}, body),
  );
  return [table, interactive && fetchPage ? drillDown(groups, planNames, fetchPage) : null];
}

/**
 * What the five numbers leave out, said beside them (the board papers footnote these).
 * @param {RowCounts} counts
 */
function extrasOf(counts) {
  const notes = [];
  if (counts.ofWhichNotApplicable > 0) notes.push(`${counts.ofWhichNotApplicable} of completed N/A`);
  if (counts.ofWhichTransferredIn > 0) notes.push(`${counts.ofWhichTransferredIn} transferred in`);
  if (counts.awaitingRag > 0) notes.push(`${counts.awaitingRag} awaiting a RAG (not in total)`);
  return notes.join('; ');
}

/**
 * The open number's items, a page at a time: the section is drawn at once and filled when the
 * page arrives; "Next" and "Previous" ask for the neighbouring page without redrawing the table.
 * @param {Group[]} groups
 * @param {PlanNames} planNames
 * @param {FetchPage} fetchPage
 */
function drillDown(groups, planNames, fetchPage) {
  if (selected === null) return null;
  for (const group of groups) {
    for (const [rowKey, rowName] of ROWS) {
      for (const [column, columnName] of COLUMNS) {
        if (selected.id !== `count-${group.key}-${rowKey}-${column}`) continue;
        const section = h('section', { class: 'drill', id: 'drill-down', 'aria-live': 'polite' });
        const title = `${group.name}: ${rowName}, ${columnName}`;
        const cell = { ...(group.key === 'overall' ? {} : { planId: group.key }), row: rowKey, column };
        const show = (/** @type {number} */ offset) => {
          if (selected) selected.offset = offset;
          section.setAttribute('aria-busy', 'true');
          section.replaceChildren(h('h3', {}, title), h('p', { class: 'meta' }, 'Loading the items…'));
          fetchPage({ ...cell, offset, limit: PAGE_SIZE }).then(
            (page) => {
              section.removeAttribute('aria-busy');
              section.replaceChildren(...pageOf(title, page, planNames, show));
            },
            (/** @type {unknown} */ error) => {
              section.removeAttribute('aria-busy');
              const why = error instanceof Error ? error.message : String(error);
              section.replaceChildren(
                h('h3', {}, title),
                h('p', { class: 'error' }, `The items could not be listed: ${why}`),
              );
            },
          );
        };
        show(selected.offset);
        return section;
      }
    }
  }
  return null;
}

/**
 * @param {string} title
 * @param {SummaryItemsPage} page
 * @param {PlanNames} planNames
 * @param {(offset: number) => void} show
 */
function pageOf(title, page, planNames, show) {
  const from = page.items.length === 0 ? 0 : page.offset + 1;
  const to = page.offset + page.items.length;
  const heading = h('h3', {}, `${title} (${page.total})`);
  if (page.total === 0) return [heading, h('p', {}, 'No items behind this number.')];
  const pager = h(
    'p',
    { class: 'pager' },
    h('span', { id: 'drill-range' }, `Items ${from}–${to} of ${page.total}`),
    ' ',
    page.offset > 0
      ? h(
          'button',
          {
            type: 'button',
            id: 'drill-previous',
            onclick: () => show(Math.max(0, page.offset - page.limit)),
          },
          `Previous ${page.limit}`,
        )
      : null,
    ' ',
    to < page.total
      ? h(
          'button',
          { type: 'button', id: 'drill-next', onclick: () => show(page.offset + page.limit) },
          `Next ${Math.min(page.limit, page.total - to)}`,
        )
      : null,
  );
  return [
    heading,
    pager,
    h(
      'ul',
      {},
      page.items.map((/** @type {ItemRef} */ item) =>
        h(
          'li',
          { dataset: { itemId: item.itemId } },
          itemLink(item.itemId, item.ref),
          ' ',
          ragBadge(item.rag),
          ' ',
          statusBadge(item.status),
          item.leadPlanId !== item.planId
            ? h('span', { class: 'meta' }, ` led by ${planNames.get(item.leadPlanId) ?? item.leadPlanId}`)
            : null,
        ),
      ),
    ),
  ];
}
