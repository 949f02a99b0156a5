// @ts-check
// The board summary table: per portfolio, Total / Completed / Green / Amber / Red for
// recommendations and for areas for improvement, as the board papers print it. Every number is
// a button that lists the items behind it (the projection sends them with the counts), so a
// reader can check a figure rather than trust it.

import { formatDate, h, itemLink, ragBadge, statusBadge } from './dom.js';

/** @import { BoardSummary, ItemRef, PlanNames, SummaryCounts } from './types.js' */
/** @typedef {'recommendations' | 'areasForImprovement'} RowKey */
/** @typedef {'total' | 'completed' | 'green' | 'amber' | 'red'} ColumnKey */
/**
 * A portfolio's two rows, or all portfolios' together ('overall').
 * @typedef {{ key: string, name: string, p: Record<RowKey, SummaryCounts> }} Group
 */

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
 * Which number is open: kept across re-renders (live updates, time changes).
 * @type {string | null}
 */
let selected = null;

/**
 * The items behind one number; Total has no list of its own, so it is every counted column.
 * @param {SummaryCounts} counts
 * @param {ColumnKey} column
 * @returns {ItemRef[]}
 */
function itemsBehind(counts, column) {
  if (column !== 'total') return counts.items[column];
  return /** @type {const} */ (['completed', 'green', 'amber', 'red']).flatMap((c) => counts.items[c]);
}

/**
 * @param {BoardSummary} summary GET /board-summary
 * @param {{ interactive?: boolean, onToggle?: () => void, planNames?: PlanNames }} [options]
 *   interactive: false for the printed pack (plain numbers, no drill-down);
 *   onToggle: re-render after a number is opened or closed
 * @returns {(HTMLElement | null)[]}
 */
export function ragSummary(summary, { interactive = true, onToggle = () => {}, planNames = new Map() } = {}) {
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
    const open = selected === id;
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
            selected = open ? null : id;
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
  return [table, interactive ? drillDown(groups, planNames) : null];
}

/**
 * What the five numbers leave out, said beside them (the board papers footnote these).
 * @param {SummaryCounts} counts
 */
function extrasOf(counts) {
  const notes = [];
  if (counts.ofWhichNotApplicable > 0) notes.push(`${counts.ofWhichNotApplicable} of completed N/A`);
  if (counts.ofWhichTransferredIn > 0) notes.push(`${counts.ofWhichTransferredIn} transferred in`);
  if (counts.awaitingRag > 0) notes.push(`${counts.awaitingRag} awaiting a RAG (not in total)`);
  return notes.join('; ');
}

/**
 * @param {Group[]} groups
 * @param {PlanNames} planNames
 */
function drillDown(groups, planNames) {
  if (selected === null) return null;
  for (const group of groups) {
    for (const [rowKey, rowName] of ROWS) {
      for (const [column, columnName] of COLUMNS) {
        if (selected !== `count-${group.key}-${rowKey}-${column}`) continue;
        const items = itemsBehind(group.p[rowKey], column);
        return h(
          'section',
          { class: 'drill', id: 'drill-down', 'aria-live': 'polite' },
          h('h3', {}, `${group.name}: ${rowName}, ${columnName} (${items.length})`),
          items.length === 0
            ? h('p', {}, 'No items behind this number.')
            : h(
                'ul',
                {},
                items.map((item) =>
                  h(
                    'li',
                    { dataset: { itemId: item.itemId } },
                    itemLink(item.itemId, item.ref),
                    ' ',
                    ragBadge(item.rag),
                    ' ',
                    statusBadge(item.status),
                    item.leadPlanId !== item.planId
                      ? h(
                          'span',
                          { class: 'meta' },
                          ` led by ${planNames.get(item.leadPlanId) ?? item.leadPlanId}`,
                        )
                      : null,
                  ),
                ),
              ),
        );
      }
    }
  }
  return null;
}
